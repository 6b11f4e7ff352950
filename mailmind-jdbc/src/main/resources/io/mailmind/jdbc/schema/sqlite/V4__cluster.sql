-- Mailmind schema version 4: cluster mode (io.mailmind.jdbc.ClusterOwnership). Nothing here touches the mail in
-- ${p}messages; a single process never reads or writes these tables.
-- ${p}cluster_leases is db-scheduler's execution table under Mailmind's own name (never the host's scheduled_tasks):
-- one row per shard (task mailmind-shard, instances 0..shard_count-1); a node holds a shard while its execution
-- of the row runs and its heartbeats succeed (picked_by = node id, last_heartbeat refreshed every heartbeat).
-- ${p}cluster holds the one shard count every node of this database must be configured with (a node configured
-- otherwise refuses to start); ${p}cluster_nodes holds one row per node (seen_ms refreshed every heartbeat, UTC
-- epoch ms; state ACTIVE or LEAVING), from which nodes compute the share of accounts each should follow.
-- SQLite is an embedded file, which a cluster of processes on several machines cannot share: a node refuses it,
-- and the tables exist only so that every database has the same schema version.

CREATE TABLE IF NOT EXISTS ${p}cluster_leases (
  task_name TEXT NOT NULL,
  task_instance TEXT NOT NULL,
  task_data BLOB,
  execution_time TEXT NOT NULL,
  picked INTEGER NOT NULL,
  picked_by TEXT,
  last_success TEXT,
  last_failure TEXT,
  consecutive_failures INTEGER,
  last_heartbeat TEXT,
  version INTEGER NOT NULL,
  priority INTEGER,
  CONSTRAINT ${p}cluster_leases_pk PRIMARY KEY (task_name, task_instance)
) STRICT;
CREATE INDEX IF NOT EXISTS ${p}cluster_leases_exec_ix ON ${p}cluster_leases (execution_time);
CREATE INDEX IF NOT EXISTS ${p}cluster_leases_hb_ix ON ${p}cluster_leases (last_heartbeat);

CREATE TABLE IF NOT EXISTS ${p}cluster (
  id INTEGER NOT NULL,
  shard_count INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  CONSTRAINT ${p}cluster_pk PRIMARY KEY (id),
  CONSTRAINT ${p}cluster_one_ck CHECK (id = 1),
  CONSTRAINT ${p}cluster_shards_ck CHECK (shard_count BETWEEN 1 AND 4096)
) STRICT;

CREATE TABLE IF NOT EXISTS ${p}cluster_nodes (
  node_id TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  seen_ms INTEGER NOT NULL,
  state TEXT NOT NULL,
  CONSTRAINT ${p}cluster_nodes_pk PRIMARY KEY (node_id),
  CONSTRAINT ${p}cluster_nodes_state_ck CHECK (state IN ('ACTIVE', 'LEAVING'))
) STRICT;

INSERT INTO ${p}schema_version (version, description) VALUES (4, 'cluster: shard leases, shard count, nodes');
