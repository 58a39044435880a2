package org.opencdp.infra.trino;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.types.Types.NestedField;
import org.junit.jupiter.api.Test;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.platform.lakehouse.TableSpec;

class AccessRulesTest {
    @Test
    void everyColumnDocumentedAsHoldingTokensIsMaskedForAnalysts() {
        List<String> unmasked = new ArrayList<>();
        for (TableSpec table : LakehouseTables.all()) {
            for (NestedField column : table.schema().columns()) {
                String doc = column.doc() == null ? "" : column.doc().toLowerCase(Locale.ROOT);
                if (doc.contains("token") && !column.name().equals("tokenization_key_id") && AccessRules.analystMask(column).isEmpty()) {
                    unmasked.add(table.identifier() + "." + column.name());
                }
            }
        }
        assertThat(unmasked).isEmpty();
    }

    @Test
    void identityAndConsentTablesMaskEveryIdentifierAndKeepTheirOtherColumns() {
        assertThat(maskedColumns(LakehouseTables.IDENTITY_GRAPH)).containsExactlyInAnyOrder("token", "component_key");
        assertThat(maskedColumns(LakehouseTables.IDENTITY_MEMBERS)).containsExactly("anchor");
        assertThat(maskedColumns(LakehouseTables.IDENTITY_ALIASES)).containsExactly("alias_anchor");
        assertThat(maskedColumns(LakehouseTables.IDENTITY_CONFLICTS))
                .containsExactlyInAnyOrder("left", "right", "left_values", "right_values", "component_key");
        assertThat(maskedColumns(LakehouseTables.IDENTITY_MARKS)).containsExactly("target");
        assertThat(maskedColumns(LakehouseTables.CONSENT_STATE)).containsExactly("subject");
    }

    @Test
    void hubSampleEdgesMaskTheNeighbourButKeepTheLinkAndRule() {
        NestedField sampleEdges = LakehouseTables.IDENTITY_QUARANTINE.schema().findField("sample_edges");

        assertThat(AccessRules.analystMask(sampleEdges)).hasValueSatisfying(mask -> assertThat(mask)
                .contains("if(e1.\"neighbour\" IS NULL, NULL, '" + AccessRules.MASK + "')")
                .contains("e1.\"link_id\", ")
                .contains("e1.\"rule\", "));
        assertThat(maskedColumns(LakehouseTables.IDENTITY_QUARANTINE)).containsExactlyInAnyOrder("token", "sample_edges");
    }

    private static List<String> maskedColumns(TableSpec table) {
        return table.schema().columns().stream()
                .filter(column -> AccessRules.analystMask(column).isPresent())
                .map(NestedField::name)
                .toList();
    }
}
