#!/bin/sh
# Grants each role of `tailwatch broker --secure DIR` its least privilege on the compose stack's broker: the
# kafka-acls commands of docs/SECURITY.md ("Least privilege per role"), run as the admin principal. Adding an ACL
# that exists is a no-op, so this runs on every `up`. ComposeFileTest checks these are exactly the documented ones.
set -eu
dir="${TAILWATCH_SECURE_DIR:?TAILWATCH_SECURE_DIR: the directory tailwatch broker --secure wrote}"
kafka_acls() { /opt/kafka/bin/kafka-acls.sh --bootstrap-server kafka:19092 --command-config "$dir/admin.properties" "$@" >/dev/null; }

# trainer
kafka_acls --add --allow-principal User:trainer --operation Write --operation Read --operation Describe \
  --operation Create --operation DescribeConfigs --topic tailwatch.runs --topic tailwatch.noise --topic tailwatch.metrics
kafka_acls --add --allow-principal User:trainer --operation IdempotentWrite --cluster
# processors
kafka_acls --add --allow-principal User:processors --operation Read --operation Describe --operation Create \
  --operation DescribeConfigs --topic tailwatch.runs --topic tailwatch.noise --topic tailwatch.metrics
kafka_acls --add --allow-principal User:processors --operation Write --operation Describe --operation Create \
  --operation DescribeConfigs --topic tailwatch.alpha --topic tailwatch.events --topic tailwatch.layer-stats \
  --topic tailwatch.dlq
kafka_acls --add --allow-principal User:processors --operation Read --operation Describe \
  --resource-pattern-type prefixed --group tailwatch-processors
kafka_acls --add --allow-principal User:processors --operation Write --operation Describe \
  --resource-pattern-type prefixed --transactional-id tailwatch-processors
kafka_acls --add --allow-principal User:processors --operation Create --operation Read --operation Write \
  --operation Describe --operation DescribeConfigs --resource-pattern-type prefixed --topic tailwatch-processors
kafka_acls --add --allow-principal User:processors --operation IdempotentWrite --cluster
# reader
kafka_acls --add --allow-principal User:reader --operation Read --operation Describe \
  --topic tailwatch.runs --topic tailwatch.noise --topic tailwatch.metrics --topic tailwatch.alpha \
  --topic tailwatch.events --topic tailwatch.layer-stats --topic tailwatch.dlq
kafka_acls --add --allow-principal User:reader --operation Read --operation Describe \
  --resource-pattern-type prefixed --group tailwatch-
echo "kafka-acls: the roles' ACLs are in place"
