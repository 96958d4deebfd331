package dev.tailwatch.trainer.publish;

import java.io.BufferedInputStream;
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
 * <p>Files: {@code journal.bin} (records: topic, key, value, each length-prefixed), {@code journal.pos}
 * (the acknowledged byte position, replaced atomically) and {@code journal.lock} (held while open).
 * A record cut short by a crash mid-append is cut off on the next start, so later appends stay framed.
 */
final class Journal {

    /** A length field larger than this can only be damage (a record is at most the producer's 16 MiB). */
    private static final int MAX_FIELD_BYTES = 64 << 20;

    private final Path data;
    private final Path position;
    private final long maxBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private DataOutputStream out;
    private long size;
    private long acknowledged;
    private long pendingRecords;
    private boolean closed;

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
        Files.deleteIfExists(directory.resolve("journal.bin.tmp"));
        this.size = Files.exists(data) ? Files.size(data) : 0;
        this.acknowledged = Files.exists(position) ? Long.parseLong(Files.readString(position).trim()) : 0;
        if (acknowledged > size) {
            acknowledged = size;
        }
        long[] scan = scanFrom(acknowledged);
        this.pendingRecords = scan[0];
        if (scan[1] < size) {
            try (FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE)) {
                channel.truncate(scan[1]);
            }
            size = scan[1];
        }
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
        if (closed) {
            throw new IOException("the journal is closed");
        }
        if (size + record.sizeOnDisk() > maxBytes) {
            return false;
        }
        if (out == null) {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(data, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND), 1 << 16));
        }
        size += write(out, record);
        pendingRecords++;
        return true;
    }

    private static long write(DataOutputStream to, OutgoingRecord record) throws IOException {
        byte[] topic = record.topic().getBytes(StandardCharsets.UTF_8);
        byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
        to.writeInt(topic.length);
        to.write(topic);
        to.writeInt(key.length);
        to.write(key);
        to.writeInt(record.value().length);
        to.write(record.value());
        return 12L + topic.length + key.length + record.value().length;
    }

    /**
     * Puts {@code records} before every pending record, keeping their order: used on close for records
     * that were in flight when the journal already held newer ones. The new file is written beside the
     * old one and moved over it, so a failure leaves the old journal intact.
     *
     * @return records that did not fit under the disk limit (dropped; the newest go first)
     */
    synchronized int prepend(List<OutgoingRecord> records) throws IOException {
        if (records.isEmpty()) {
            return 0;
        }
        List<OutgoingRecord> all = new ArrayList<>(records);
        for (Positioned p : next(Integer.MAX_VALUE)) {
            all.add(p.record());
        }
        if (out != null) {
            out.close();
            out = null;
        }
        Path tmp = data.resolveSibling("journal.bin.tmp");
        long newSize = 0;
        int written = 0;
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
             DataOutputStream to = new DataOutputStream(new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel),
                     1 << 16))) {
            for (OutgoingRecord r : all) {
                if (newSize + r.sizeOnDisk() > maxBytes) {
                    break;
                }
                newSize += write(to, r);
                written++;
            }
            to.flush();
            channel.force(true);
        }
        Files.move(tmp, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(position);
        size = newSize;
        acknowledged = 0;
        pendingRecords = written;
        return all.size() - written;
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
            DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16));
            long at = acknowledged;
            while (records.size() < max) {
                byte[] topic = field(in);
                byte[] key = topic == null ? null : field(in);
                byte[] value = key == null ? null : field(in);
                if (value == null) {
                    break;
                }
                at += 12 + topic.length + key.length + value.length;
                records.add(new Positioned(new OutgoingRecord(new String(topic, StandardCharsets.UTF_8),
                        new String(key, StandardCharsets.UTF_8), value), at));
            }
        }
        return records;
    }

    /** One length-prefixed field, or null at the end of the file or of its last complete record. */
    private static byte[] field(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < 0 || length > MAX_FIELD_BYTES) {
            throw new IOException("journal damaged: a field length of " + length + " bytes");
        }
        byte[] bytes = in.readNBytes(length);
        return bytes.length == length ? bytes : null;
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
        closed = true;
        if (out != null) {
            out.close();
            out = null;
        }
        if (lock.isValid()) {
            lock.release();
            lockChannel.close();
        }
    }

    /** {records, byte position after the last complete record} from {@code from}. */
    private long[] scanFrom(long from) throws IOException {
        if (size <= from) {
            return new long[] {0, size};
        }
        long count = 0;
        long end = from;
        try (InputStream file = Files.newInputStream(data)) {
            file.skipNBytes(from);
            DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16));
            while (true) {
                long recordBytes = 0;
                boolean complete = true;
                for (int part = 0; part < 3 && complete; part++) {
                    byte[] field = field(in);
                    complete = field != null;
                    recordBytes += complete ? 4 + field.length : 0;
                }
                if (!complete) {
                    break;
                }
                count++;
                end += recordBytes;
            }
        }
        return new long[] {count, end};
    }

    record Positioned(OutgoingRecord record, long positionAfter) {
    }
}
