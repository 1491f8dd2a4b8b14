package dev.plimsoll.infra.clickhouse;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fetching and caching libchdb.so, with small fake tarballs (never the real 166 MB). */
class ChdbLibraryTest {

    static final byte[] FAKE_LIBRARY = "not really an ELF file\n".getBytes(StandardCharsets.UTF_8);

    @TempDir Path tmp;

    /** A tar.gz shaped like the npm package: package/package.json and package/libchdb.so. */
    static Path fakeTarball(Path dir, Map<String, byte[]> entries) throws IOException {
        Path tarball = dir.resolve("fake-" + System.nanoTime() + ".tgz");
        try (OutputStream file = Files.newOutputStream(tarball);
                GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return tarball;
    }

    static Path packageTarball(Path dir) throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
        entries.put("package/libchdb.so", FAKE_LIBRARY);
        return fakeTarball(dir, entries);
    }

    static ChdbLibrary.TarballSource copying(Path tarball, AtomicInteger calls) {
        return (version, work) -> {
            calls.incrementAndGet();
            return Files.copy(tarball, work.resolve("package.tgz"));
        };
    }

    static PrintStream quiet(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }

    @Test
    void defaultVersionMatchesTheBuild() {
        // The build passes the root pom's chdb.npm.version; the constant must agree with it.
        assertThat(System.getProperty(ChdbLibrary.VERSION_PROPERTY))
                .isEqualTo(ChdbLibrary.DEFAULT_VERSION);
        assertThat(ChdbLibrary.version()).isEqualTo(ChdbLibrary.DEFAULT_VERSION);
        assertThat(ChdbLibrary.TARBALL_SHA512).containsKey(ChdbLibrary.DEFAULT_VERSION);
        assertThat(ChdbLibrary.libraryPath(Path.of("/cache"), "26.5.3"))
                .isEqualTo(Path.of("/cache/chdb/26.5.3/libchdb.so"));
    }

    @Test
    void fetchesVerifiesExtractsOnceAndReusesTheCache() throws Exception {
        Path tarball = packageTarball(tmp);
        Path root = tmp.resolve("cache");
        AtomicInteger calls = new AtomicInteger();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        Path library =
                ChdbLibrary.ensureAvailable(
                        root,
                        "1.2.3",
                        copying(tarball, calls),
                        ChdbLibrary.sha512(tarball),
                        quiet(progress));

        assertThat(library).isEqualTo(root.resolve("chdb/1.2.3/libchdb.so"));
        assertThat(Files.readAllBytes(library)).isEqualTo(FAKE_LIBRARY);
        assertThat(Files.isExecutable(library)).isTrue();
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .contains("fetching the ClickHouse engine")
                .contains("fetched the ClickHouse engine");
        try (Stream<Path> files = Files.list(library.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("libchdb.so", ".lock");
        }

        Path again =
                ChdbLibrary.ensureAvailable(
                        root, "1.2.3", copying(tarball, calls), "unused", quiet(progress));
        assertThat(again).isEqualTo(library);
        assertThat(calls).hasValue(1);
    }

    @Test
    void integrityFailureInstallsNothing() throws Exception {
        Path tarball = packageTarball(tmp);
        Path root = tmp.resolve("cache");
        String wrong = "00".repeat(64);

        assertThatThrownBy(
                        () ->
                                ChdbLibrary.ensureAvailable(
                                        root,
                                        "1.2.3",
                                        copying(tarball, new AtomicInteger()),
                                        wrong,
                                        quiet(new ByteArrayOutputStream())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Integrity check failed")
                .hasMessageContaining(ChdbLibrary.sha512(tarball))
                .hasMessageContaining(wrong);
        try (Stream<Path> files = Files.list(root.resolve("chdb/1.2.3"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".lock");
        }
    }

    @Test
    void tarballWithoutTheLibraryIsAnError() throws Exception {
        Path tarball =
                fakeTarball(tmp, Map.of("package/README.md", "x".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(
                        () ->
                                ChdbLibrary.ensureAvailable(
                                        tmp.resolve("cache"),
                                        "1.2.3",
                                        copying(tarball, new AtomicInteger()),
                                        ChdbLibrary.sha512(tarball),
                                        quiet(new ByteArrayOutputStream())))
                .hasMessageContaining("has no package/libchdb.so");
        assertThat(ChdbLibrary.libraryPath(tmp.resolve("cache"), "1.2.3")).doesNotExist();
    }

    @Test
    void unknownVersionHasNoPinnedChecksum() {
        assertThatThrownBy(() -> ChdbLibrary.expectedSha512("0.0.1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No pinned checksum")
                .hasMessageContaining("0.0.1");
    }

    @Test
    void missingOrFailingPackCommandIsAClearError() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("cache/chdb/1.2.3/fetch"));
        assertThatThrownBy(
                        () ->
                                ChdbLibrary.pack(
                                        List.of("plimsoll-no-such-npm-command", "pack"),
                                        "1.2.3",
                                        work))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("npm is needed once to fetch the ClickHouse engine")
                .hasMessageContaining("@chdb/lib-linux-x64-gnu@1.2.3");
        assertThatThrownBy(
                        () ->
                                ChdbLibrary.pack(
                                        List.of(
                                                "sh",
                                                "-c",
                                                "echo 'npm error 404 Not Found'; exit 3"),
                                        "1.2.3",
                                        work))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed with exit code 3")
                .hasMessageContaining("npm error 404 Not Found");
        assertThatThrownBy(() -> ChdbLibrary.pack(List.of("true"), "1.2.3", work))
                .hasMessageContaining("produced no .tgz file");
    }

    @Test
    void concurrentThreadsFetchOnce() throws Exception {
        Path tarball = packageTarball(tmp);
        Path root = tmp.resolve("cache");
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ChdbLibrary.TarballSource slow =
                (version, work) -> {
                    calls.incrementAndGet();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Files.copy(tarball, work.resolve("package.tgz"));
                };
        String sha = ChdbLibrary.sha512(tarball);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    return ChdbLibrary.ensureAvailable(
                                            root,
                                            "1.2.3",
                                            slow,
                                            sha,
                                            quiet(new ByteArrayOutputStream()));
                                }));
            }
            go.countDown();
            for (Future<Path> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS))
                        .isEqualTo(ChdbLibrary.libraryPath(root, "1.2.3"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void concurrentProcessesFetchOnce() throws Exception {
        Path tarball = packageTarball(tmp);
        Path root = tmp.resolve("cache");
        Path fetchLog = tmp.resolve("fetches.log");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.add(
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    ChdbLibraryLockMain.class.getName(),
                                    root.toString(),
                                    tarball.toString(),
                                    fetchLog.toString())
                            .redirectErrorStream(true)
                            .start());
        }
        List<String> outputs = new ArrayList<>();
        for (Process p : processes) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            outputs.add(out.lines().filter(l -> l.startsWith("LIBRARY ")).findFirst().orElse(out));
        }
        assertThat(outputs).containsOnly("LIBRARY " + ChdbLibrary.libraryPath(root, "1.2.3"));
        assertThat(Files.readAllLines(fetchLog)).hasSize(1);
        assertThat(Files.readAllBytes(ChdbLibrary.libraryPath(root, "1.2.3")))
                .isEqualTo(FAKE_LIBRARY);
    }
}
