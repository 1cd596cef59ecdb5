package dev.netservices.client;

import java.util.Arrays;

/** {@code java -jar client.jar chat|files [options]}: one jar, one entry per service. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int status = switch (args[0]) {
            default -> {
                usage();
                yield 2;
            }
        };
        System.exit(status);
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar client.jar <client> [options]
                clients:""");
    }
}
