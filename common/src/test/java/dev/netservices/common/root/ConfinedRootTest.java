package dev.netservices.common.root;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.netservices.common.root.RefusedNameException.Reason;

class ConfinedRootTest {

    @TempDir
    Path sandbox;

    private Path rootDir;
    private Path outside;
    private ConfinedRoot root;

    @BeforeEach
    void layOutRootAndOutside() throws IOException {
        rootDir = Files.createDirectories(sandbox.resolve("root"));
        outside = Files.createDirectories(sandbox.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.writeString(rootDir.resolve("a.txt"), "a");
        Files.writeString(rootDir.resolve(".hidden"), "hidden");
        Files.createDirectories(rootDir.resolve("docs/img"));
        Files.writeString(rootDir.resolve("docs/img/logo.png"), "png");
        Files.createDirectories(rootDir.resolve(".git"));
        Files.writeString(rootDir.resolve(".git/config"), "git");
        Files.createSymbolicLink(rootDir.resolve("escape"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(rootDir.resolve("escape-dir"), outside);
        Files.createSymbolicLink(rootDir.resolve("alias.txt"), rootDir.resolve("a.txt"));
        Files.createSymbolicLink(rootDir.resolve("peek"), rootDir.resolve(".hidden"));
        Files.createSymbolicLink(rootDir.resolve("dangling"), outside.resolve("not-there-yet"));
        root = new ConfinedRoot(rootDir);
    }

    static Stream<Arguments> hostileNames() {
        return Stream.of(
                Arguments.of("", Reason.EMPTY),
                Arguments.of("..", Reason.DOT_SEGMENT),
                Arguments.of(".", Reason.DOT_SEGMENT),
                Arguments.of("../secret.txt", Reason.SEPARATOR),
                Arguments.of("../../etc/passwd", Reason.SEPARATOR),
                Arguments.of("..\\secret.txt", Reason.SEPARATOR),
                Arguments.of("sub\\a.txt", Reason.SEPARATOR),
                Arguments.of("docs/img/logo.png", Reason.SEPARATOR),
                Arguments.of("/etc/passwd", Reason.ABSOLUTE),
                Arguments.of("C:\\Windows\\win.ini", Reason.DRIVE_LETTER),
                Arguments.of("c:boot.ini", Reason.DRIVE_LETTER),
                Arguments.of("a\u0000.txt", Reason.CONTROL_CHARACTER),
                Arguments.of("a.txt\u0000.png", Reason.CONTROL_CHARACTER),
                Arguments.of("line\nbreak", Reason.CONTROL_CHARACTER),
                Arguments.of("carriage\rreturn", Reason.CONTROL_CHARACTER),
                Arguments.of("tab\tname", Reason.CONTROL_CHARACTER),
                Arguments.of("bell\u0007", Reason.CONTROL_CHARACTER),
                Arguments.of("del\u007f", Reason.CONTROL_CHARACTER),
                Arguments.of("c1\u0085", Reason.CONTROL_CHARACTER),
                Arguments.of("sep\u2028", Reason.CONTROL_CHARACTER),
                Arguments.of("lone\uD800surrogate", Reason.CONTROL_CHARACTER),
                Arguments.of(".hidden", Reason.HIDDEN),
                Arguments.of(".git", Reason.HIDDEN),
                Arguments.of(".env", Reason.HIDDEN),
                Arguments.of("...", Reason.HIDDEN),
                Arguments.of("a".repeat(256), Reason.TOO_LONG),
                Arguments.of("名".repeat(86), Reason.TOO_LONG),
                Arguments.of("escape", Reason.OUTSIDE_ROOT),
                Arguments.of("escape-dir", Reason.OUTSIDE_ROOT),
                Arguments.of("dangling", Reason.OUTSIDE_ROOT),
                Arguments.of("peek", Reason.HIDDEN));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("hostileNames")
    void hostileSingleNamesAreRefusedWithTheirReason(String name, Reason reason) {
        assertThatThrownBy(() -> root.resolveName(name))
                .isInstanceOfSatisfying(RefusedNameException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessage(reason.text());
    }

    @Test
    void plainNamesResolveInsideTheRootWhetherOrNotTheyExist() throws RefusedNameException {
        assertThat(root.resolveName("a.txt")).isEqualTo(root.root().resolve("a.txt"));
        assertThat(root.resolveName("new upload.bin")).isEqualTo(root.root().resolve("new upload.bin"));
        assertThat(root.resolveName("报告-2026.pdf")).isEqualTo(root.root().resolve("报告-2026.pdf"));
        assertThat(root.resolveName("a".repeat(255))).isEqualTo(root.root().resolve("a".repeat(255)));
    }

    @Test
    void aLinkThatStaysInsideTheRootIsFollowed() throws RefusedNameException {
        assertThat(root.resolveName("alias.txt")).isEqualTo(root.root().resolve("alias.txt"));
    }

    static Stream<Arguments> hostilePaths() {
        return Stream.of(
                Arguments.of("../outside/secret.txt", Reason.DOT_SEGMENT),
                Arguments.of("docs/../../outside/secret.txt", Reason.DOT_SEGMENT),
                Arguments.of("docs/./img/logo.png", Reason.DOT_SEGMENT),
                Arguments.of("/etc/passwd", Reason.ABSOLUTE),
                Arguments.of("docs//img", Reason.EMPTY),
                Arguments.of("docs\\..\\..\\outside", Reason.SEPARATOR),
                Arguments.of(".git/config", Reason.HIDDEN),
                Arguments.of("docs/.secret", Reason.HIDDEN),
                Arguments.of("escape-dir/secret.txt", Reason.OUTSIDE_ROOT),
                Arguments.of("docs/img/logo.png\u0000.html", Reason.CONTROL_CHARACTER),
                Arguments.of("x/".repeat(2049), Reason.TOO_LONG));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("hostilePaths")
    void hostileRelativePathsAreRefused(String path, Reason reason) {
        assertThatThrownBy(() -> root.resolvePath(path))
                .isInstanceOfSatisfying(RefusedNameException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void relativePathsResolveSegmentBySegment() throws RefusedNameException {
        assertThat(root.resolvePath("")).isEqualTo(root.root());
        assertThat(root.resolvePath("docs/img/logo.png")).isEqualTo(root.root().resolve("docs/img/logo.png"));
        assertThat(root.resolvePath("docs/img/new.png")).isEqualTo(root.root().resolve("docs/img/new.png"));
    }

    @Test
    void aRootThatDoesNotExistIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new ConfinedRoot(sandbox.resolve("missing")))
                .hasMessageContaining("missing");
    }
}
