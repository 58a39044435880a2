package org.opencdp.ingestion.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.schemas.contract.Contract;

class WriteKeyStoreTest {
    @TempDir
    Path home;

    @Test
    void storesOnlyTheHashAndAuthenticatesLiveKeys() throws Exception {
        WriteKeyStore store = WriteKeyStore.inHome(home);
        CreatedWriteKey created = store.create(EnumSet.of(Contract.APP_EVENT, Contract.CONSENT_EVENT));

        assertThat(created.key()).startsWith(WriteKeyStore.KEY_PREFIX);
        assertThat(Files.readString(store.file())).doesNotContain(created.key()).contains(created.entry().sha256());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(created.toString()).doesNotContain(created.key());

        WriteKey authenticated = store.authenticate(created.key()).orElseThrow();
        assertThat(authenticated.sourceNames()).isEqualTo("app,consent");
        assertThat(authenticated.maySend(Contract.WEB_EVENT)).isFalse();
        assertThat(store.authenticate(created.key() + "x")).isEmpty();
        assertThat(store.authenticate(null)).isEmpty();
        assertThat(store.list()).extracting(WriteKey::id).containsExactly(created.entry().id());
    }

    @Test
    void aRevocationByAnotherProcessTakesEffectWithoutRestart() {
        WriteKeyStore collector = WriteKeyStore.inHome(home);
        WriteKeyStore commandLine = WriteKeyStore.inHome(home);
        CreatedWriteKey created = commandLine.create(Set.of(Contract.WEB_EVENT));
        assertThat(collector.authenticate(created.key())).isPresent();

        commandLine.revoke(created.entry().id());

        assertThat(collector.authenticate(created.key())).isEmpty();
        assertThat(collector.list().get(0).revoked()).isTrue();
        assertThatThrownBy(() -> commandLine.revoke("wk_nope")).hasMessageContaining("No write key with id 'wk_nope'");
        assertThatThrownBy(() -> WriteKeyStore.source("dead_letter")).hasMessageContaining("Unknown source");
    }
}
