package dev.netservices.files.journal;

import java.time.Instant;

import dev.netservices.common.text.JsonString;

import dev.netservices.files.session.TransferJournal.Entry;

/** One transfer-log entry as a line of JSON, fields in a fixed order, absent ones left out. */
final class JsonLine {

    private JsonLine() {
    }

    static String of(Instant time, Entry entry) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "time", time.toString());
        field(json, "operation", entry.operation());
        field(json, "user", entry.user());
        field(json, "address", entry.address());
        field(json, "path", entry.path());
        field(json, "to", entry.to());
        json.append(",\"bytes\":").append(entry.bytes());
        json.append(",\"duration_ms\":").append(entry.millis());
        field(json, "sha256", entry.sha256());
        field(json, "outcome", entry.outcome());
        field(json, "reason", entry.reason());
        return json.append('}').toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        if (value == null) {
            return;
        }
        if (json.length() > 1) {
            json.append(',');
        }
        JsonString.append(json.append('"').append(name).append("\":"), value);
    }
}
