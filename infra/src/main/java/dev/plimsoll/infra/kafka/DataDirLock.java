package dev.plimsoll.infra.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a local Kafka data directory, held for the broker's lifetime.
 *
 * <p>Kafka locks its log directories itself, but only when the broker part starts: by then the
 * controller of a second broker on the same directory has already opened and appended to the
 * metadata log of the first, which then fails fatally and halts the JVM. Taking our own lock before
 * anything else turns that into a clear error. The lock is an OS file lock, so it also excludes a
 * broker in another process, and it disappears with the process.
 */
final class DataDirLock {

    static final String FILE_NAME = "plimsoll-local-kafka.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create lock file " + file, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock " + file, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new IllegalStateException(
                    "Kafka data dir "
                            + dir
                            + " is in use by another local Kafka (in this or another process)");
        }
        return new DataDirLock(channel, lock);
    }

    void release() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it too.
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing to do: the lock goes with the channel or the process.
        }
    }
}
