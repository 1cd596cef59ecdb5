package dev.netservices.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

import dev.netservices.common.tools.RequiredTool;

/** Runs the clients users run (nc, curl, the client jar) as real processes. */
final class Cli {

    private Cli() {
    }

    /** What a finished command printed. */
    record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** The path of {@code command} on the PATH; the test fails with the command that installs it when it is missing. */
    static String require(String command, String debianPackage) {
        return RequiredTool.onPath(command, debianPackage).toString();
    }

    /** The java launcher running this test: a JDK 21+ (the build enforces it). */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static Path clientJar() {
        return RepositoryFiles.root().resolve("client/target/client.jar");
    }

    static Result run(List<String> command, byte[] stdin, Duration timeout) throws IOException, InterruptedException {
        return run(command, null, stdin, timeout);
    }

    /** As {@link #run(List, byte[], Duration)}, in the working folder {@code directory} (null: this JVM's). */
    static Result run(List<String> command, Path directory, byte[] stdin, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory == null ? null : directory.toFile()).start();
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the command may exit without reading all of its input; its output says what happened
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("%s did not finish within %s".formatted(command, timeout));
        }
        return new Result(process.exitValue(), stdout.join(), new String(stderr.join(), StandardCharsets.UTF_8));
    }

    static Result run(String... command) throws IOException, InterruptedException {
        return run(List.of(command), new byte[0], Duration.ofSeconds(60));
    }

    static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }
}
