-- Mailmind schema version 4: cluster mode (io.mailmind.jdbc.ClusterOwnership). Nothing here touches the mail in
-- ${p}messages; a single process never reads or writes these tables.
-- ${p}cluster_leases is db-scheduler's execution table under Mailmind's own name (never the host's scheduled_tasks):
-- one row per shard (task mailmind-shard, instances 0..shard_count-1); a node holds a shard while its execution
-- of the row runs and its heartbeats succeed (picked_by = node id, last_heartbeat refreshed every heartbeat).
-- ${p}cluster holds the one shard count every node of this database must be configured with (a node configured
-- otherwise refuses to start); ${p}cluster_nodes holds one row per node (seen_ms refreshed every heartbeat, UTC
-- epoch ms; state ACTIVE or LEAVING), from which nodes compute the share of accounts each should follow.

CREATE TABLE IF NOT EXISTS ${p}cluster_leases (
  task_name VARCHAR(100) NOT NULL,
  task_instance VARCHAR(100) NOT NULL,
  task_data BINARY LARGE OBJECT,
  execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
  picked BOOLEAN NOT NULL,
  picked_by VARCHAR(50),
  last_success TIMESTAMP WITH TIME ZONE,
  last_failure TIMESTAMP WITH TIME ZONE,
  consecutive_failures INT,
  last_heartbeat TIMESTAMP WITH TIME ZONE,
  version BIGINT NOT NULL,
  priority SMALLINT,
  CONSTRAINT ${p}cluster_leases_pk PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX IF NOT EXISTS ${p}cluster_leases_exec_ix ON ${p}cluster_leases (execution_time);
CREATE INDEX IF NOT EXISTS ${p}cluster_leases_hb_ix ON ${p}cluster_leases (last_heartbeat);

CREATE TABLE IF NOT EXISTS ${p}cluster (
  id INT NOT NULL,
  shard_count INT NOT NULL,
  created_ms BIGINT NOT NULL,
  CONSTRAINT ${p}cluster_pk PRIMARY KEY (id),
  CONSTRAINT ${p}cluster_one_ck CHECK (id = 1),
  CONSTRAINT ${p}cluster_shards_ck CHECK (shard_count BETWEEN 1 AND 4096)
);

CREATE TABLE IF NOT EXISTS ${p}cluster_nodes (
  node_id VARCHAR(50) NOT NULL,
  started_ms BIGINT NOT NULL,
  seen_ms BIGINT NOT NULL,
  state VARCHAR(8) NOT NULL,
  CONSTRAINT ${p}cluster_nodes_pk PRIMARY KEY (node_id),
  CONSTRAINT ${p}cluster_nodes_state_ck CHECK (state IN ('ACTIVE', 'LEAVING'))
);

INSERT INTO ${p}schema_version (version, description) VALUES (4, 'cluster: shard leases, shard count, nodes');
