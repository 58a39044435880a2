package org.opencdp.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.ingestion.collector.WriteKeyStore;

class CollectorCommandTest {
    @TempDir
    Path home;

    @Test
    void writeKeysAreCreatedOnceListedWithoutTheKeyAndRevoked() throws Exception {
        CdpRun created = CdpRun.of("--home", home.toString(), "collector", "keys", "create", "--source", "app,consent");
        assertThat(created.exitCode()).as(created.err()).isZero();
        Matcher id = Pattern.compile("id:\\s+(wk_[0-9a-f]+)").matcher(created.out());
        Matcher key = Pattern.compile("key:\\s+(" + WriteKeyStore.KEY_PREFIX + "\\S+)").matcher(created.out());
        assertThat(id.find()).isTrue();
        assertThat(key.find()).isTrue();
        assertThat(created.out()).contains("sources: app,consent");

        CdpRun listed = CdpRun.of("--home", home.toString(), "collector", "keys", "list");
        assertThat(listed.out()).contains(id.group(1), "app,consent").doesNotContain(key.group(1));
        assertThat(Files.readString(WriteKeyStore.inHome(home).file())).doesNotContain(key.group(1));
        assertThat(WriteKeyStore.inHome(home).authenticate(key.group(1))).isPresent();

        CdpRun revoked = CdpRun.of("--home", home.toString(), "collector", "keys", "revoke", id.group(1));
        assertThat(revoked.exitCode()).isZero();
        assertThat(WriteKeyStore.inHome(home).authenticate(key.group(1))).isEmpty();

        CdpRun unknownSource = CdpRun.of("--home", home.toString(), "collector", "keys", "create", "--source", "fax");
        assertThat(unknownSource.exitCode()).isEqualTo(1);
        assertThat(unknownSource.err()).contains("Unknown source 'fax'");
        assertThat(CdpRun.of("collector", "--help").out()).contains("POST /v1/events");
    }
}
