#!/bin/sh
# The compose stack's broker secured like `tailwatch broker --secure DIR`, from that command's files: a SASL_SSL
# listener for the containers (kafka:19092) and one for the host (localhost:9092), TLS with DIR's broker keystore (its
# certificate names "kafka" and "localhost"), SCRAM-SHA-512 credentials created when the storage is formatted, the
# standard authorizer with ACLs on. Replaces the apache/kafka image's own start script, which cannot add SCRAM
# credentials at format time (before them, no SASL client — not even the admin — could log in to create any).
set -eu
dir="${TAILWATCH_SECURE_DIR:?TAILWATCH_SECURE_DIR: the directory tailwatch broker --secure wrote}"
secrets="$dir/broker-secrets.properties"
[ -r "$secrets" ] || { echo "kafka-secure: cannot read $secrets; run: tailwatch broker --secure DIR once, then set TAILWATCH_SECURE_DIR=DIR" >&2; exit 2; }
secret() { sed -n "s/^$1=//p" "$secrets"; }
jaas() { printf 'org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";' "$1" "$(secret "user.$1")"; }

conf=/tmp/tailwatch-secure/server.properties
mkdir -p /tmp/tailwatch-secure
umask 077
cat > "$conf" <<PROPERTIES
node.id=1
process.roles=broker,controller
# The controller listener stays PLAINTEXT on the container's loopback, as on the trial broker: the broker half
# registers there as ANONYMOUS (a super user on that listener only), and no other container can reach it.
listeners=INTERNAL://:19092,HOST://:9092,CONTROLLER://localhost:9093
advertised.listeners=INTERNAL://kafka:19092,HOST://localhost:9092
listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:SASL_SSL,HOST:SASL_SSL
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
controller.quorum.voters=1@localhost:9093
log.dirs=/tmp/kraft-combined-logs
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=$(jaas broker)
listener.name.host.scram-sha-512.sasl.jaas.config=$(jaas broker)
ssl.keystore.location=$dir/broker-keystore.p12
ssl.keystore.type=PKCS12
ssl.keystore.password=$(secret keystore.password)
ssl.key.password=$(secret keystore.password)
ssl.truststore.location=$dir/truststore.p12
ssl.truststore.type=PKCS12
ssl.truststore.password=$(secret truststore.password)
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:broker;User:admin;User:ANONYMOUS
allow.everyone.if.no.acl.found=false
# Single node: every internal topic with one replica (exactly-once needs the transaction log).
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
num.partitions=3
PROPERTIES

scram() { printf 'SCRAM-SHA-512=[name=%s,password=%s]' "$1" "$(secret "user.$1")"; }
# Formats once per container (the log stays in it, as in compose.yml); a restart keeps what is there.
"${KAFKA_HOME:-/opt/kafka}"/bin/kafka-storage.sh format --ignore-formatted --cluster-id "${CLUSTER_ID:-MkU3OEVBNTcwNTJENDM2Qk}" --config "$conf" \
  --add-scram "$(scram broker)" --add-scram "$(scram admin)" --add-scram "$(scram trainer)" \
  --add-scram "$(scram processors)" --add-scram "$(scram reader)" >/dev/null
exec "${KAFKA_HOME:-/opt/kafka}"/bin/kafka-server-start.sh "$conf"
