package dev.tailwatch.trainer.publish;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only spill file of records the broker has not taken yet, with the byte position up to which
 * they have been re-sent and acknowledged. Survives restarts: whatever lies past the position on start
 * is still to send. Once everything is acknowledged, both files are removed.
 *
 * <p>Files: {@code journal.bin} (records: topic, key, value, each length-prefixed) and
 * {@code journal.pos} (the acknowledged byte position, replaced atomically).
 */
final class Journal {

    private final Path data;
    private final Path position;
    private final long maxBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private DataOutputStream out;
    private long size;
    private long acknowledged;
    private long pendingRecords;

    Journal(Path directory, long maxBytes) throws IOException {
        Files.createDirectories(directory);
        // Two publishers on one journal would interleave their records and re-send each other's: refuse.
        this.lockChannel = FileChannel.open(directory.resolve("journal.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held;
        try {
            held = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null;
        }
        if (held == null) {
            lockChannel.close();
            throw new IOException(directory + ": this journal is in use by another running publisher; give this one its own"
                    + " journal folder (--journal DIR)");
        }
        this.lock = held;
        this.data = directory.resolve("journal.bin");
        this.position = directory.resolve("journal.pos");
        this.maxBytes = maxBytes;
        this.size = Files.exists(data) ? Files.size(data) : 0;
        this.acknowledged = Files.exists(position) ? Long.parseLong(Files.readString(position).trim()) : 0;
        if (acknowledged > size) {
            acknowledged = size;
        }
        this.pendingRecords = countFrom(acknowledged);
    }

    /** Records written and not yet acknowledged. */
    synchronized long pendingRecords() {
        return pendingRecords;
    }

    synchronized boolean hasPending() {
        return pendingRecords > 0;
    }

    /** Appends a record; false when the disk limit would be passed (the caller counts it dropped). */
    synchronized boolean append(OutgoingRecord record) throws IOException {
        if (size + record.sizeOnDisk() > maxBytes) {
            return false;
        }
        if (out == null) {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(data, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND), 1 << 16));
        }
        byte[] topic = record.topic().getBytes(StandardCharsets.UTF_8);
        byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
        out.writeInt(topic.length);
        out.write(topic);
        out.writeInt(key.length);
        out.write(key);
        out.writeInt(record.value().length);
        out.write(record.value());
        size += 12 + topic.length + key.length + record.value().length;
        pendingRecords++;
        return true;
    }

    /**
     * Puts {@code records} before every pending record, keeping their order: used on close for records
     * that were in flight when the journal already held newer ones. Rewrites the file (close is rare).
     */
    synchronized void prepend(List<OutgoingRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        List<OutgoingRecord> pending = new ArrayList<>();
        for (Positioned p : next(Integer.MAX_VALUE)) {
            pending.add(p.record());
        }
        if (out != null) {
            out.close();
            out = null;
        }
        Path tmp = data.resolveSibling("journal.bin.tmp");
        Files.deleteIfExists(tmp);
        if (Files.exists(data)) {
            Files.move(data, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        size = 0;
        acknowledged = 0;
        pendingRecords = 0;
        Files.deleteIfExists(position);
        for (OutgoingRecord r : records) {
            append(r);
        }
        for (OutgoingRecord r : pending) {
            append(r);
        }
        flush();
        Files.deleteIfExists(tmp);
    }

    /** Makes appended records durable in the OS (called before reading them back and on close). */
    synchronized void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** Up to {@code max} records after the acknowledged position, with the position after each. */
    synchronized List<Positioned> next(int max) throws IOException {
        flush();
        List<Positioned> records = new ArrayList<>();
        if (pendingRecords == 0) {
            return records;
        }
        try (InputStream file = Files.newInputStream(data)) {
            file.skipNBytes(acknowledged);
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(file, 1 << 16));
            long at = acknowledged;
            while (records.size() < max) {
                try {
                    byte[] topic = in.readNBytes(in.readInt());
                    byte[] key = in.readNBytes(in.readInt());
                    byte[] value = in.readNBytes(in.readInt());
                    at += 12 + topic.length + key.length + value.length;
                    records.add(new Positioned(new OutgoingRecord(new String(topic, StandardCharsets.UTF_8),
                            new String(key, StandardCharsets.UTF_8), value), at));
                } catch (EOFException e) {
                    break;
                }
            }
        }
        return records;
    }

    /** Everything up to {@code newPosition} was acknowledged by the broker. */
    synchronized void acknowledge(long newPosition, int records) throws IOException {
        acknowledged = newPosition;
        pendingRecords -= records;
        if (pendingRecords <= 0 && acknowledged >= size) {
            if (out != null) {
                out.close();
                out = null;
            }
            Files.deleteIfExists(data);
            Files.deleteIfExists(position);
            size = 0;
            acknowledged = 0;
            pendingRecords = 0;
            return;
        }
        Path tmp = position.resolveSibling("journal.pos.tmp");
        Files.writeString(tmp, Long.toString(acknowledged));
        Files.move(tmp, position, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
        if (lock.isValid()) {
            lock.release();
            lockChannel.close();
        }
    }

    private long countFrom(long from) throws IOException {
        if (size <= from) {
            return 0;
        }
        long count = 0;
        try (InputStream file = Files.newInputStream(data)) {
            file.skipNBytes(from);
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(file, 1 << 16));
            while (true) {
                try {
                    for (int part = 0; part < 3; part++) {
                        int length = in.readInt();
                        in.skipNBytes(length);
                    }
                    count++;
                } catch (EOFException e) {
                    // A record cut short by a crash mid-append is not counted; it was never acknowledged to anyone.
                    break;
                }
            }
        }
        return count;
    }

    record Positioned(OutgoingRecord record, long positionAfter) {
    }
}
