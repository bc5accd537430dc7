package io.jenkins.plugins.dhcplease.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON for scripts: the same plain maps the pipeline steps return. */
final class Json {
    // JSON escapes for every non-ASCII character: the same JSON on any console, whatever its charset shows
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());

    private Json() {
    }

    static String write(Object plain) {
        try {
            return MAPPER.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> error(LeaseException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", e.kind().name());
        m.put("code", e.code());
        m.put("message", e.getMessage());
        return m;
    }

    static List<Map<String, Object>> adapters(List<NetworkAdapter> adapters, Set<String> agentConnectionIds) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (NetworkAdapter a : adapters) {
            list.add(a.toPlain(agentConnectionIds.contains(a.id())));
        }
        return list;
    }
}
