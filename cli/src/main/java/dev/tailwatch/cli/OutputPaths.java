package dev.tailwatch.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Why a file or folder named by an option ({@code --out}, {@code --journal}, ...) could not be written, in
 * words a user can act on. The JDK's exceptions often carry only the path as their message, which made
 * {@code --out X: X}.
 */
final class OutputPaths {

    private OutputPaths() {
    }

    /** One phrase: the path at fault and what is wrong with it. */
    static String reason(IOException e) {
        if (!(e instanceof FileSystemException f) || f.getFile() == null) {
            return String.valueOf(e.getMessage());
        }
        Path path = Path.of(f.getFile()).toAbsolutePath();
        Path existing = firstExisting(path);
        if (existing != null && !existing.equals(path) && !Files.isDirectory(existing)) {
            return existing + " is a file, not a folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: cannot write " + path;
        }
        if (e instanceof NoSuchFileException) {
            return path.getParent() != null && !Files.isDirectory(path.getParent())
                    ? "folder " + path.getParent() + " does not exist (create it first)"
                    : "cannot create " + path + " (the file system refuses it)";
        }
        if (e instanceof FileAlreadyExistsException) {
            return path + " exists and is not a folder";
        }
        String why = f.getReason() == null ? e.getClass().getSimpleName() : f.getReason().toLowerCase(Locale.ROOT);
        if (why.equals("is a directory")) {
            return path + " is a folder; name a file";
        }
        return why + ": " + path;
    }

    /** Bytes in binary units with one decimal: {@code 372.5 GiB}. */
    static String bytes(double n) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (n >= 1024 && u < units.length - 1) {
            n /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f bytes", n) : String.format(Locale.ROOT, "%.1f %s", n, units[u]);
    }

    /** The path itself or its nearest ancestor that exists; null if none does. */
    static Path firstExisting(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }
}
