-- dataguard findings records in S3, as written by the S3 sink (and by Firehose configured with
-- the prefix in README.md): JSON Lines objects under s3://BUCKET/dataguard/findings/dt=YYYY-MM-DD/.
--
-- The SNS audit fields come first, unchanged, so queries written for SNS findings keep working;
-- dataguard's additions are in the `dataguard` struct. Partition projection means no crawler and
-- no MSCK REPAIR: new days are queryable as soon as objects land.
--
-- Replace BUCKET (twice) and, if you changed it, the prefix (AwsRecorder(s3_prefix=...)).

CREATE EXTERNAL TABLE IF NOT EXISTS dataguard_findings (
  messageid        string,
  audittimestamp   string,
  callerprincipal  string,
  resourcearn      string,
  dataidentifiers  array<struct<
                     name: string,
                     `count`: int,
                     detections: array<struct<`start`: int, `end`: int>>
                   >>,
  dataguard        struct<
                     policyname: string,
                     statementsid: string,
                     direction: string,
                     actions: array<string>,
                     blocked: boolean,
                     recordid: string,
                     detections: array<struct<
                       name: string, path: string, `start`: int, `end`: int
                     >>,
                     part: struct<`index`: int, `of`: int>
                   >
)
PARTITIONED BY (dt string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true', 'case.insensitive' = 'true')
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://BUCKET/dataguard/findings/'
TBLPROPERTIES (
  'projection.enabled'          = 'true',
  'projection.dt.type'          = 'date',
  'projection.dt.format'        = 'yyyy-MM-dd',
  'projection.dt.range'         = '2024-01-01,NOW',
  'projection.dt.interval'      = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template'   = 's3://BUCKET/dataguard/findings/dt=${dt}/'
);

-- One row per message and policy: retries and Firehose's at-least-once delivery can store a
-- record twice; `recordid` (plus the part index of split records) is its idempotency key.
CREATE OR REPLACE VIEW dataguard_findings_unique AS
SELECT *
FROM (
  SELECT
    f.*,
    row_number() OVER (
      PARTITION BY coalesce(f.dataguard.recordid, f.messageid),
                   coalesce(f.dataguard.part."index", 0)
      ORDER BY f.audittimestamp
    ) AS copy_number
  FROM dataguard_findings f
)
WHERE copy_number = 1;
