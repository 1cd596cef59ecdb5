package dev.netservices.common.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;

/**
 * Keeps the settings tables of {@code docs/operations.md} equal to the code. The code is the one source of
 * every default (the properties records); the configuration processor writes them into
 * {@code META-INF/spring-configuration-metadata.json}, and this reads that file back and the table beside it:
 * every setting of the service is in the table, every row names a setting that exists, and every default the
 * code has is the one the table shows.
 */
public final class SettingsTable {

    /** A row's first cell starts with the setting in backticks; its second cell starts with the default. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9.\\-]+)`[^|]*\\|\\s*(.*?)\\s*\\|");
    private static final Pattern FIRST_LITERAL = Pattern.compile("^`([^`]*)`");

    private SettingsTable() {
    }

    /** Fails unless every {@code prefix}* setting and its default are in {@code docs/operations.md} as the code has them. */
    public static void assertDocumentsEverySetting(String prefix) {
        Map<String, Object> code = settingsInMetadata(prefix);
        Map<String, String> documented = rowsInOperationsDoc(prefix);
        assertThat(code).as("settings under %s in the configuration metadata", prefix).isNotEmpty();
        assertThat(documented.keySet()).as("rows of docs/operations.md for %s* settings", prefix)
                .containsAll(code.keySet());
        assertThat(code.keySet()).as("settings the code has, for every %s* row of docs/operations.md", prefix)
                .containsAll(documented.keySet());
        Map<String, String> wrong = new TreeMap<>();
        code.forEach((name, defaultValue) -> {
            if (defaultValue == null) {
                return;
            }
            String expected = String.valueOf(defaultValue);
            Matcher literal = FIRST_LITERAL.matcher(documented.get(name));
            String shown = literal.find() ? literal.group(1) : documented.get(name);
            if (!shown.equals(expected)) {
                wrong.put(name, "code has `" + expected + "`, the table shows " + documented.get(name));
            }
        });
        assertThat(wrong).as("defaults in docs/operations.md that differ from the code").isEmpty();
    }

    private static Map<String, Object> settingsInMetadata(String prefix) {
        Map<String, Object> settings = new TreeMap<>();
        try {
            for (URL url : Collections.list(SettingsTable.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    List<Map<String, Object>> properties = JsonPath.read(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            "$.properties[*]");
                    for (Map<String, Object> property : properties) {
                        String name = (String) property.get("name");
                        if (name.startsWith(prefix)) {
                            settings.put(name, property.get("defaultValue"));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }

    private static Map<String, String> rowsInOperationsDoc(String prefix) {
        Map<String, String> rows = new LinkedHashMap<>();
        List<String> repeated = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(operationsDoc())) {
                Matcher row = ROW.matcher(line.replace("\\|", "\u0000"));
                if (row.find() && row.group(1).startsWith(prefix)) {
                    String defaultCell = row.group(2).replace("\u0000", "|");
                    if (rows.put(row.group(1), defaultCell) != null) {
                        repeated.add(row.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(repeated).as("settings with more than one row in docs/operations.md (write each once)").isEmpty();
        return rows;
    }

    private static Path operationsDoc() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/operations.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new AssertionError("docs/operations.md not found above " + Path.of("").toAbsolutePath());
    }
}
