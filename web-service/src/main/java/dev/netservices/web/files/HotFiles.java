package dev.netservices.web.files;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request paths recently answered with a regular file, with what was found for them: the file and its
 * facts. Lets a repeated request skip decoding, the name rules, the real-path lookup (a system call per
 * segment) and the formatting of its validators, and go straight to one stat. Whatever is then opened
 * still goes through the checked open of {@link FileBodies}. Bounded: past {@link #MAX_PATHS} it starts over, which
 * frees nothing but map entries (the bytes belong to the {@link FileCache}).
 */
final class HotFiles {

    record Hot(Path path, FileFacts facts) {
    }

    static final int MAX_PATHS = 4096;

    private final Map<String, Hot> byRequestPath = new ConcurrentHashMap<>();

    Hot get(String rawPath) {
        return byRequestPath.get(rawPath);
    }

    void remember(String rawPath, Path path, FileFacts facts) {
        if (byRequestPath.size() >= MAX_PATHS) {
            byRequestPath.clear();
        }
        byRequestPath.put(rawPath, new Hot(path, facts));
    }

    void forget(String rawPath) {
        byRequestPath.remove(rawPath);
    }
}
