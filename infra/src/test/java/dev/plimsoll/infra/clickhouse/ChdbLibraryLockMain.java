package dev.plimsoll.infra.clickhouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A separate JVM for {@link ChdbLibraryTest#concurrentProcessesFetchOnce}: fetches a fake library
 * slowly, logging each fetch, so that the test can count fetches across processes.
 */
public final class ChdbLibraryLockMain {

    private ChdbLibraryLockMain() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path tarball = Path.of(args[1]);
        Path fetchLog = Path.of(args[2]);
        Path library =
                ChdbLibrary.ensureAvailable(
                        root,
                        "1.2.3",
                        (version, work) -> {
                            Files.writeString(
                                    fetchLog,
                                    ProcessHandle.current().pid() + "\n",
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.APPEND);
                            try {
                                Thread.sleep(500); // long enough for the others to queue up
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return Files.copy(tarball, work.resolve("package.tgz"));
                        },
                        ChdbLibrary.sha512(tarball),
                        System.err);
        System.out.println("LIBRARY " + library);
    }
}
