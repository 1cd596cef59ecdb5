package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/netservices-client}, the launcher the README's client commands use, run as a user runs it: from any
 * folder, on whichever Java 17+ it finds, on the jar the build made (the jar on Java 17 itself is client's
 * Java17JarIT).
 */
class ClientLauncherTest {

    private static final Pattern JAVA_LINE = Pattern.compile("(?m)^Java (\\d+)[.+]");

    @TempDir
    Path work;

    record Result(int exitCode, String out, String err) {
    }

    private static Path launcher() {
        return RepositoryFiles.root().resolve("bin/netservices-client");
    }

    /** Runs {@code launcher ARGS} in {@link #work}, with the environment changed by {@code environment}. */
    private Result run(Path launcher, Consumer<Map<String, String>> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        // a home of its own, so the client's history files stay in the test's folder
        builder.environment().put("HOME", work.toString());
        environment.accept(builder.environment());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static int javaFeature(Result result) {
        Matcher java = JAVA_LINE.matcher(result.out());
        assertThat(java.find()).as("a 'Java N' line in:%n%s", result.out()).isTrue();
        return Integer.parseInt(java.group(1));
    }

    @Test
    void theLauncherIsAnExecutableBashScript() throws IOException {
        assertThat(launcher()).isRegularFile().isExecutable();
        assertThat(Files.readAllLines(launcher()).get(0)).isEqualTo("#!/usr/bin/env bash");
    }

    @Test
    void versionRunsFromAnotherFolderWithoutJavaHomeOnAJava17OrNewer() throws Exception {
        Result result = run(launcher(), env -> env.remove("JAVA_HOME"), "--version");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("netservices client ");
        assertThat(javaFeature(result)).isGreaterThanOrEqualTo(17);
    }

    @Test
    void underTheCLocaleTheClientStillReadsLocalFileNamesAsUtf8() throws Exception {
        // Java took ASCII for file names there (a container's default locale, env -i): a local file named with any
        // other character could be neither uploaded nor saved
        for (String locale : new String[] {"C", "POSIX", ""}) {
            Result result = run(launcher(), env -> {
                env.keySet().removeIf(name -> name.equals("LANG") || name.startsWith("LC_"));
                env.put("LC_ALL", locale);
            }, "--version");

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).as("LC_ALL=%s", locale).contains("local file names in UTF-8");
        }
    }

    @Test
    void aCommandsHelpRunsThroughTheLauncher() throws Exception {
        Result result = run(launcher(), env -> env.remove("JAVA_HOME"), "files", "--help");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("Usage: client files");
    }

    @Test
    void aJavaHomeOf17OrNewerIsTheJavaUsed() throws Exception {
        Path home = Path.of(System.getProperty("java.home"));
        Result result = run(launcher(), env -> env.put("JAVA_HOME", home.toString()), "--version");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Java " + Runtime.version());
        assertThat(result.err()).isEmpty();
    }

    @Test
    void aJavaHomeWithNoJavaIsPassedOverWithANote() throws Exception {
        Result result = run(launcher(), env -> env.put("JAVA_HOME", work.toString()), "--version");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("JAVA_HOME=" + work + " is not a Java 17+");
        assertThat(javaFeature(result)).isGreaterThanOrEqualTo(17);
    }

    @Test
    void withoutABuiltJarItSaysHowToBuildOne() throws Exception {
        Path copy = repositoryWithoutJar();

        Result result = run(copy.resolve("bin/netservices-client"), env -> env.remove("NETSERVICES_CLIENT_JAR"), "--version");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("the client is not built yet").contains(copy.resolve("client/target/client.jar").toString())
                .contains("./mvnw -q -pl client -am package -DskipTests");
    }

    @Test
    void netservicesClientJarNamesTheJarToRun() throws Exception {
        Path copy = repositoryWithoutJar();
        Path jar = Files.copy(RepositoryFiles.root().resolve("client/target/client.jar"), work.resolve("elsewhere.jar"));

        Result result = run(copy.resolve("bin/netservices-client"), env -> env.put("NETSERVICES_CLIENT_JAR", jar.toString()), "--version");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("netservices client ");

        Result missing = run(copy.resolve("bin/netservices-client"),
                env -> env.put("NETSERVICES_CLIENT_JAR", work.resolve("nosuch.jar").toString()), "--version");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("NETSERVICES_CLIENT_JAR=" + work.resolve("nosuch.jar") + " is not a file");
    }

    @Test
    void onJava25TheCacheIsMadeFromTheFirstRunThatSucceedsAndNoteOfItStaysOutOfTheOutput() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs Java 25+");
        Path cacheHome = work.resolve("cache");
        Path caches = cacheHome.resolve("netservices");
        Consumer<Map<String, String>> java25 = env -> {
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("XDG_CACHE_HOME", cacheHome.toString());
        };

        Result failed = run(launcher(), java25, "files", "--no-such-option");
        assertThat(failed.exitCode()).isEqualTo(2);
        assertThat(filesIn(caches)).as("a failed run's record is dropped").isEmpty();

        Result recorded = run(launcher(), java25, "--version");
        assertThat(recorded.exitCode()).as(recorded.err()).isZero();
        assertThat(recorded.out()).startsWith("netservices client ").doesNotContain("AOT");
        assertThat(recorded.err()).isEmpty();
        assertThat(filesIn(caches)).singleElement().asString().startsWith("client-").endsWith(".aot");

        Result cached = run(launcher(), java25, "--version");
        assertThat(cached.exitCode()).as(cached.err()).isZero();
        assertThat(cached.out()).isEqualTo(recorded.out());
    }

    private static List<String> filesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    /** The launcher and the script it sources, copied into a repository of their own with nothing built. */
    private Path repositoryWithoutJar() throws IOException {
        Path copy = work.resolve("repository");
        for (String file : List.of("bin/netservices-client", "scripts/jdk.sh")) {
            Path target = copy.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(RepositoryFiles.root().resolve(file), target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return copy;
    }
}
