-- Several daemons on one ledger: each node's heartbeat (role, last check-in, reduction jobs in flight), for
-- status and the metrics. A node that stops checking in is shown as gone; nothing depends on this table.
CREATE TABLE cluster_nodes (
    node_id        VARCHAR(255)             NOT NULL PRIMARY KEY,
    host           VARCHAR(255)             NOT NULL,
    role           VARCHAR(16)              NOT NULL,
    started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen      TIMESTAMP WITH TIME ZONE NOT NULL,
    jobs_in_flight INTEGER                  NOT NULL,
    jobs_done      BIGINT                   NOT NULL
);
