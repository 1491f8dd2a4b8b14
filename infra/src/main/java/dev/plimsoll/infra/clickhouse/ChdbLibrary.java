package dev.plimsoll.infra.clickhouse;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The ClickHouse engine library ({@code libchdb.so} from the npm package {@value #NPM_PACKAGE}),
 * cached outside the build at {@code ${PLIMSOLL_CACHE_DIR:-~/.cache/plimsoll}/chdb/<version>/}.
 *
 * <p>When missing it is fetched once with {@code npm pack}, checked against a pinned SHA-512 of the
 * tarball, extracted and moved into place atomically. A file lock next to it makes concurrent JVMs
 * (parallel builds, several test forks) wait for one download instead of racing. Thread-safe.
 */
public final class ChdbLibrary {

    /** The npm package holding libchdb.so for Linux x86-64 (glibc). */
    public static final String NPM_PACKAGE = "@chdb/lib-linux-x64-gnu";

    /** Default version; the root pom's {@code chdb.npm.version} (system property below). */
    public static final String DEFAULT_VERSION = "26.5.3";

    /** System property overriding the version (set by the build for tests). */
    public static final String VERSION_PROPERTY = "plimsoll.chdb.version";

    /** Environment variable for the cache root (default {@code ~/.cache/plimsoll}). */
    public static final String CACHE_DIR_ENV = "PLIMSOLL_CACHE_DIR";

    static final String LIBRARY_FILE = "libchdb.so";
    static final String TARBALL_ENTRY = "package/" + LIBRARY_FILE;
    static final String SIZE_HINT = "166 MB";

    /** SHA-512 (hex) of the npm tarball of each supported version. */
    static final Map<String, String> TARBALL_SHA512 =
            Map.of(
                    "26.5.3",
                    "7cfacb991b79328a2bf721b3e266b36eb3637b8b7b5fd281da64c6917156471441b3688acbcca1ea3c75d71b1ad10af788314c53fc87a9df9b55d6095eedd069");

    private static final Object IN_PROCESS_LOCK = new Object();

    private ChdbLibrary() {}

    /** Produces the package tarball for a version in a scratch directory. */
    @FunctionalInterface
    interface TarballSource {
        Path fetch(String version, Path workDir) throws IOException;
    }

    /** The configured version: system property {@value #VERSION_PROPERTY} or the default. */
    public static String version() {
        String v = System.getProperty(VERSION_PROPERTY);
        return v == null || v.isBlank() ? DEFAULT_VERSION : v.strip();
    }

    /** The cache root: {@code $PLIMSOLL_CACHE_DIR} or {@code ~/.cache/plimsoll}. */
    public static Path cacheRoot() {
        String env = System.getenv(CACHE_DIR_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "plimsoll");
    }

    /** Where the library of {@code version} lives under {@code cacheRoot}. */
    public static Path libraryPath(Path cacheRoot, String version) {
        return cacheRoot.resolve("chdb").resolve(version).resolve(LIBRARY_FILE);
    }

    /**
     * Returns the cached library of the configured version, fetching it first if needed.
     *
     * @throws IllegalStateException when it cannot be fetched (no npm, no network, checksum
     *     mismatch), with what to do about it
     */
    public static Path ensureAvailable() {
        String version = version();
        return ensureAvailable(
                cacheRoot(), version, ChdbLibrary::npmPack, expectedSha512(version), System.err);
    }

    static String expectedSha512(String version) {
        String sha = TARBALL_SHA512.get(version);
        if (sha == null) {
            throw new IllegalStateException(
                    "No pinned checksum for "
                            + NPM_PACKAGE
                            + "@"
                            + version
                            + ": add the SHA-512 of its tarball to ChdbLibrary.TARBALL_SHA512"
                            + " (known versions: "
                            + TARBALL_SHA512.keySet()
                            + ")");
        }
        return sha;
    }

    static Path ensureAvailable(
            Path cacheRoot,
            String version,
            TarballSource source,
            String expectedSha512,
            PrintStream progress) {
        Path library = libraryPath(cacheRoot, version);
        if (Files.isRegularFile(library)) {
            return library;
        }
        Path dir = library.getParent();
        synchronized (IN_PROCESS_LOCK) {
            try {
                Files.createDirectories(dir);
                try (FileChannel lockChannel =
                                FileChannel.open(
                                        dir.resolve(".lock"),
                                        StandardOpenOption.CREATE,
                                        StandardOpenOption.WRITE);
                        FileLock lock = acquire(lockChannel, dir, progress)) {
                    if (Files.isRegularFile(library)) {
                        return library; // another process fetched it while we waited
                    }
                    fetchInto(library, version, source, expectedSha512, progress);
                    return library;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Could not install the ClickHouse engine into " + dir + ": " + e, e);
            }
        }
    }

    private static FileLock acquire(FileChannel channel, Path dir, PrintStream progress)
            throws IOException {
        FileLock lock = channel.tryLock();
        if (lock == null) {
            progress.println(
                    "waiting for another process fetching the ClickHouse engine into " + dir);
            lock = channel.lock();
        }
        return lock;
    }

    private static void fetchInto(
            Path library,
            String version,
            TarballSource source,
            String expectedSha512,
            PrintStream progress)
            throws IOException {
        Path dir = library.getParent();
        long started = System.nanoTime();
        progress.printf(
                "fetching the ClickHouse engine (%s %s@%s, %s) once into %s …%n",
                LIBRARY_FILE, NPM_PACKAGE, version, SIZE_HINT, dir);
        Path work = Files.createTempDirectory(dir, "fetch-");
        try {
            Path tarball = source.fetch(version, work);
            String actual = sha512(tarball);
            if (!actual.equalsIgnoreCase(expectedSha512)) {
                throw new IllegalStateException(
                        "Integrity check failed for "
                                + NPM_PACKAGE
                                + "@"
                                + version
                                + ": the tarball's SHA-512 is "
                                + actual
                                + ", expected "
                                + expectedSha512
                                + ". Nothing was installed.");
            }
            Path extracted = work.resolve(LIBRARY_FILE);
            extract(tarball, TARBALL_ENTRY, extracted);
            extracted.toFile().setExecutable(true, false);
            Files.move(extracted, library, StandardCopyOption.ATOMIC_MOVE);
            progress.printf(
                    "fetched the ClickHouse engine: %s (%d MB) in %.1f s%n",
                    library,
                    Files.size(library) / (1024 * 1024),
                    (System.nanoTime() - started) / 1e9);
        } finally {
            deleteRecursively(work);
        }
    }

    /** Copies the tar.gz entry {@code entryName} to {@code target}. */
    static void extract(Path tarball, String entryName, Path target) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
                GzipCompressorInputStream gzip = new GzipCompressorInputStream(file);
                TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile() && e.getName().equals(entryName)) {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    if (Files.size(target) != e.getSize()) {
                        throw new IOException(
                                "truncated "
                                        + entryName
                                        + ": "
                                        + Files.size(target)
                                        + " of "
                                        + e.getSize()
                                        + " bytes");
                    }
                    return;
                }
            }
        }
        throw new IOException(tarball.getFileName() + " has no " + entryName);
    }

    static String sha512(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** {@code npm pack <package>@<version>} in {@code workDir}; returns the tarball. */
    static Path npmPack(String version, Path workDir) throws IOException {
        return pack(List.of("npm", "pack", NPM_PACKAGE + "@" + version), version, workDir);
    }

    /** Runs a pack command in {@code workDir}; returns the .tgz it produced. */
    static Path pack(List<String> command, String version, Path workDir) throws IOException {
        Path output = workDir.resolve("npm-pack.log");
        Process process;
        try {
            process =
                    new ProcessBuilder(command)
                            .directory(workDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "npm is needed once to fetch the ClickHouse engine ("
                            + NPM_PACKAGE
                            + "@"
                            + version
                            + ", "
                            + SIZE_HINT
                            + ") but could not be run: "
                            + e.getMessage()
                            + ". Install Node.js with npm, or put libchdb.so from that package at "
                            + workDir.getParent().resolve(LIBRARY_FILE),
                    e);
        }
        long started = System.nanoTime();
        try {
            while (!process.waitFor(15, TimeUnit.SECONDS)) {
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                if (seconds > TimeUnit.MINUTES.toSeconds(30)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(
                            "`" + String.join(" ", command) + "` did not finish within 30 minutes");
                }
                System.err.printf("  … still fetching the ClickHouse engine (%d s)%n", seconds);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching the ClickHouse engine", e);
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "`"
                            + String.join(" ", command)
                            + "` failed with exit code "
                            + process.exitValue()
                            + ":\n"
                            + tail(log, 40));
        }
        try (Stream<Path> files = Files.list(workDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz"))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "`"
                                                    + String.join(" ", command)
                                                    + "` produced no .tgz file:\n"
                                                    + tail(log, 40)));
        }
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    // best effort
                                }
                            });
        } catch (IOException e) {
            // best effort
        }
    }
}
