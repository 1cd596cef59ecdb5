package dev.netservices.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

/**
 * docs/operations.md lists every {@code web.*} setting with its default; the configuration metadata, which
 * the build generates from {@link WebProperties}, is where the defaults are written. This keeps the two equal.
 */
class SettingsDocumentedTest {

    private static final Path OPERATIONS = Path.of("..", "docs", "operations.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(web\\.[a-z.-]+)` \\| (unset|`[^`]*`) \\|");

    @Test
    void theOperationsTableNamesEveryWebSettingWithTheDefaultTheCodeHas() throws Exception {
        Map<String, String> code = fromMetadata();
        Map<String, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(OPERATIONS)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                documented.put(row.group(1), row.group(2));
                assertThat(code).as("a documented setting the code has, with its default: %s", line)
                        .containsEntry(row.group(1), row.group(2));
            }
        }
        assertThat(documented).as("every setting of the code in docs/operations.md").containsOnlyKeys(code.keySet());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> fromMetadata() throws Exception {
        String json;
        try (InputStream in = SettingsDocumentedTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> defaults = new TreeMap<>();
        for (Object entry : (List<Object>) JsonParserFactory.getJsonParser().parseMap(json).get("properties")) {
            Map<String, Object> property = (Map<String, Object>) entry;
            Object value = property.get("defaultValue");
            defaults.put((String) property.get("name"), value == null ? "unset" : "`" + value + "`");
        }
        return defaults;
    }
}
