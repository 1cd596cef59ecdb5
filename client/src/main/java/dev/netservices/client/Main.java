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
            case "files" -> dev.netservices.client.files.FileClient.run(rest);
            case "chat" -> dev.netservices.client.chat.ChatClient.run(rest);
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
                clients:
                  chat [--host H] [--port P]   chat room client: asks a name, then each line is a message; quit leaves
                  files [--host H] [--port P] [--dir D] [list | get NAME... | put FILE [NAME] | stat NAME]   file server client (interactive without a command)""");
    }
}
