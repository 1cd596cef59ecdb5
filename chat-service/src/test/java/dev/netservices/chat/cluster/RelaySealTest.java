package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.cluster.RelayMessage.Kind;

class RelaySealTest {

    private static final String SECRET = "a-secret-of-at-least-32-characters-0001";
    private static final String NEXT = "the-next-secret-of-32-characters-or-more-2";
    private static final long NOW = 1_700_000_000_000L;

    private final RelaySeal seal = new RelaySeal(ClusterSecret.of(SECRET, List.of()), 100, 15_000);

    private static String batch(RelayMessage... messages) {
        return RelayMessage.encodeBatch(List.of(messages).stream().map(RelayMessage::encode).toList());
    }

    @Test
    void aLinesLengthIsCountedAsItsUtf8Bytes() {
        for (String text : List.of("", "hi", "caf\u00e9", "\u4f60\u597d", "\ud83d\udc69\u200d\ud83d\udcbb", "lone \ud800 high",
                "lone \udc00 low", "end \ud83d")) {
            assertThat(RelaySeal.utf8Length(text)).as(text).isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void anOriginIsANodeNameExactlyWhenTheNodeNameRuleSaysSo() {
        for (String origin : List.of("bench-a", "node_1.example", "A", "x".repeat(64), "x".repeat(65), "", "bad name",
                "na\u00efve", "slash/", "tab\t", "\u0661")) {
            assertThat(RelaySeal.isNodeName(origin)).as(origin).isEqualTo(RelaySeal.NODE_NAME.matcher(origin).matches());
        }
    }

    @Test
    void aSealedBatchOpensWithItsMessagesInOrder() {
        List<RelayMessage> sent = List.of(new RelayMessage("node-a", NOW - 2, Kind.LINE, "alice : one"),
                new RelayMessage("node-a", NOW - 1, Kind.REMOVE, "bob"), new RelayMessage("node-a", NOW, Kind.LINE, "alice : three\ttabbed"));

        RelaySeal.Opened opened = seal.open(seal.seal("node-a", batch(sent.toArray(RelayMessage[]::new))), NOW);

        assertThat(opened.messages()).containsExactlyElementsOf(sent);
        assertThat(opened.refused()).isEmpty();
    }

    @Test
    void unsealedWronglySealedAndForeignPublicationsAreRefusedWhole() {
        String line = batch(new RelayMessage("node-b", NOW, Kind.LINE, "admin : hi"));
        RelaySeal other = new RelaySeal(ClusterSecret.of("another-secret-of-32-characters-or-more", List.of()), 100, 15_000);

        assertThat(seal.open("hello from another program", NOW).refused()).containsExactly("malformed");
        assertThat(seal.open("node-b\u001d\u001d" + line, NOW).refused()).containsExactly("bad-seal");
        assertThat(seal.open("node-b\u001dnot base64!\u001d" + line, NOW).refused()).containsExactly("bad-seal");
        assertThat(seal.open(other.seal("node-b", line), NOW).refused()).containsExactly("bad-seal");
        String sealed = seal.seal("node-b", line);
        assertThat(seal.open(sealed.replace("admin : hi", "admin : ho"), NOW).refused()).containsExactly("bad-seal");
        assertThat(seal.open(sealed.replace("node-b", "node-c"), NOW).refused()).containsExactly("bad-seal");
        assertThat(seal.open(seal.seal("node b\u001b]0;x", line), NOW).refused()).containsExactly("bad-origin");
        assertThat(seal.open("x".repeat(RelayPublisher.MAX_BATCH * 200), NOW).refused()).containsExactly("oversize");
    }

    @Test
    void everyFieldOfASealedMessageIsCheckedAsMemberInputIs() {
        String publication = seal.seal("node-b", String.join("\u001e",
                NOW + "\u001fLINE\u001fbob : fine",
                NOW + "\u001fLINE\u001fbob : \u001b]0;owned\u0007",
                NOW + "\u001fLINE\u001fbob : \u202Eevil",
                NOW + "\u001fLINE\u001f" + "x".repeat(101),
                NOW + "\u001fKICK\u001fbob",
                NOW + "\u001fREMOVE\u001fbob\nadmin",
                (NOW - 15_001) + "\u001fLINE\u001freplayed",
                "soon\u001fLINE\u001fx",
                NOW + "\u001fLINE"));

        RelaySeal.Opened opened = seal.open(publication, NOW);

        assertThat(opened.messages()).containsExactly(new RelayMessage("node-b", NOW, Kind.LINE, "bob : fine"));
        assertThat(opened.refused()).containsExactly("control-char", "format-char", "oversize", "unknown-kind", "bad-name",
                "stale", "malformed", "malformed");
    }

    @Test
    void duringARotationBothSecretsOpenWhileOnlyTheCurrentOneSeals() {
        RelaySeal before = new RelaySeal(ClusterSecret.of(SECRET, List.of(NEXT)), 100, 15_000);
        RelaySeal after = new RelaySeal(ClusterSecret.of(NEXT, List.of(SECRET)), 100, 15_000);
        String line = batch(new RelayMessage("node-a", NOW, Kind.LINE, "alice : hi"));

        assertThat(after.open(before.seal("node-a", line), NOW).messages()).hasSize(1);
        assertThat(before.open(after.seal("node-a", line), NOW).messages()).hasSize(1);
        assertThat(seal.open(after.seal("node-a", line), NOW).refused()).containsExactly("bad-seal");
    }

    @Test
    void aMissingOrShortSecretIsRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> ClusterSecret.of(null, List.of())).hasMessageContaining("chat.cluster.secret")
                .hasMessageContaining("openssl rand");
        assertThatThrownBy(() -> ClusterSecret.of("short", List.of())).hasMessageContaining("shorter than 32");
        assertThatThrownBy(() -> ClusterSecret.of(SECRET, List.of("short"))).hasMessageContaining("chat.cluster.accepted-secrets");
    }
}
