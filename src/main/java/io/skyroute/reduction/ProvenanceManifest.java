package io.skyroute.reduction;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset's {@code provenance.json}: what its products came from, then each product with the SHA-256 of the bytes
 * written. Everything but the products is put into JSON first, while the plot and the tables are still being
 * written beside (at 2,000 input frames that was ~1 ms after them, on every reduction); the products follow once
 * their hashes are known. The text is what one Jackson pass over the whole manifest gives (indented, keys in this
 * order).
 */
final class ProvenanceManifest {

    // one writer for every run: a new mapper per run learned the manifest's types again each time
    private static final ObjectWriter JSON = new ObjectMapper().writer(SerializationFeature.INDENT_OUTPUT);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
    private final JsonGenerator json;

    /** The manifest's keys before the products, put into JSON now. */
    ProvenanceManifest(Provenance provenance) throws IOException {
        json = JSON.createGenerator(bytes);
        json.writeStartObject();
        field("software_version", provenance.softwareVersion());
        field("config_hash", provenance.configHash());
        field("input_frames", provenance.inputFrames());
        field("excluded_frames", provenance.excludedFrames());
        field("comparison_stars", provenance.comparisonStars());
        field("target", provenance.target());
        field("ensemble", provenance.ensemble());
        field("quality", provenance.quality());
        if (Double.isFinite(provenance.exposureSeconds())) {
            field(LightcurveProducts.EXPOSURE_KEY, provenance.exposureSeconds());
        }
    }

    private void field(String name, Object value) throws IOException {
        json.writeFieldName(name);
        JSON.writeValue(json, value);
    }

    /** Writes the manifest to {@code file} atomically, ending with the products by their paths relative to {@code dataset}. */
    Path write(Path file, Path dataset, List<Products.Hashed> products) throws IOException {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Products.Hashed product : products) {
            hashes.put(dataset.relativize(product.path()).toString(), product.sha256());
        }
        field("products", hashes);
        json.writeEndObject();
        json.close();
        return Products.binary(file, bytes::writeTo);
    }
}
