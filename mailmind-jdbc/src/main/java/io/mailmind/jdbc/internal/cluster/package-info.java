/**
 * Cluster mode's internals: shard leases on db-scheduler executions ({@link io.mailmind.jdbc.internal.cluster.ClusterNode}),
 * the balancing rules, and the cluster tables. The design, with the reasoning behind every setting, is in
 * {@code docs/cluster-design.md}.
 */
package io.mailmind.jdbc.internal.cluster;
