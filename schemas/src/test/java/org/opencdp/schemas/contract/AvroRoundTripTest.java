package org.opencdp.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencdp.schemas.avro.Identifiers;
import org.opencdp.schemas.avro.LineItem;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.avro.Source;

class AvroRoundTripTest {

    @Test
    void generatedClassesEncodeAndDecodeWithSingleObjectEncoding() throws Exception {
        PosTransaction basket = PosTransaction.newBuilder()
                .setEventId("pos-1")
                .setSource(Source.POS)
                .setEventTime(Instant.parse("2026-11-01T09:30:00Z"))
                .setIdentifiers(Identifiers.newBuilder().setMemberCard("tok:card").setTokenizationKeyId("k1").build())
                .setTransactionId("R-0001")
                .setStoreId("SH001")
                .setTotalMinor(2590)
                .setItems(List.of(LineItem.newBuilder().setSku("6901234").setQuantity(1).setUnitPriceMinor(2590).setLineTotalMinor(2590).build()))
                .setProperties(Map.of("promo", "double11"))
                .build();

        ByteBuffer bytes = basket.toByteBuffer();

        assertThat(PosTransaction.fromByteBuffer(bytes)).isEqualTo(basket);
    }
}
