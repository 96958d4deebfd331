package dev.tailwatch.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka Serde of a generated Avro record in Avro's single-object encoding: a two-byte marker, the
 * 8-byte fingerprint of the writer schema, then the binary record. The fingerprint lets a reader decode
 * every released version of the schema ({@link SchemaHistory}) and tell an unknown version apart from
 * garbage, without a schema registry.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    /** Single-object header: the marker C3 01, then the fingerprint as 8 little-endian bytes. */
    private static final int FINGERPRINT_OFFSET = 2;

    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    /** A Serde that reads the current schema and every released version in {@link SchemaHistory}. */
    public AvroSerde(Class<T> type) {
        this(type, List.of());
    }

    /**
     * A Serde that also reads records written with the given writer schemas (for versions not on the
     * class path, e.g. a consumer that must read a newer producer's records, or test fixtures).
     */
    public AvroSerde(Class<T> type, Collection<Schema> extraWriterSchemas) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        Schema current = model.getSchema(type);
        this.schema = current;
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current);
        for (Schema old : SchemaHistory.versions(current.getName())) {
            decoder.addSchema(old);
        }
        for (Schema extra : extraWriterSchemas) {
            decoder.addSchema(extra);
        }
    }

    /** The generated record class this Serde reads and writes. */
    public Class<T> type() {
        return type;
    }

    /** The current schema, the one every record is written with. */
    public Schema schema() {
        return schema;
    }

    /** Encodes a record; null stays null (a tombstone on compacted topics). */
    public byte[] encode(T record) {
        if (record == null) {
            return null;
        }
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException | NullPointerException e) {
            throw new org.apache.kafka.common.errors.SerializationException(
                    "cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes bytes written with the current or any released schema version; null stays null.
     *
     * @throws UnknownSchemaVersionException for a fingerprint of a version this reader does not know
     * @throws UndecodableRecordException    for anything else that is not such a record
     */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            long fingerprint = ByteBuffer.wrap(bytes, FINGERPRINT_OFFSET, Long.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN).getLong();
            throw new UnknownSchemaVersionException(type.getSimpleName() + ": written with a schema version this "
                    + "reader does not know (fingerprint " + Long.toHexString(fingerprint) + "); upgrade the consumer",
                    fingerprint, e);
        } catch (BadHeaderException e) {
            throw new UndecodableRecordException(type.getSimpleName() + ": not an Avro single-object record ("
                    + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException(type.getSimpleName() + ": cannot decode " + bytes.length
                    + " bytes (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> encode(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }
}
