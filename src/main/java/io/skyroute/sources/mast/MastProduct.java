package io.skyroute.sources.mast;

import com.fasterxml.jackson.databind.JsonNode;

/** A product row of {@code Mast.Caom.Products} as the source needs it. */
record MastProduct(String obsId, String obsIdName, String dataUri, String fileName, String type, long size) {

    static MastProduct of(JsonNode row) {
        return new MastProduct(row.path("obsID").asText(""), row.path("obs_id").asText(""), row.path("dataURI").asText(""),
                row.path("productFilename").asText(""), row.path("productType").asText(""), row.path("size").asLong(-1));
    }

    String describe() {
        return "MAST product " + fileName + " (" + obsIdName + ")";
    }
}
