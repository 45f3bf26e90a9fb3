-- Example queries over dataguard_findings_unique (see findings_table.sql).
-- Always restrict `dt`: with partition projection it decides which S3 prefixes are read.
-- A record split into parts (dataguard.part) has the same messageid in every part; count
-- messages with count(DISTINCT messageid) and detections by summing over parts.

-- 1. Messages with and without findings per day.
SELECT dt,
       count(DISTINCT messageid)                                            AS messages,
       count(DISTINCT CASE WHEN cardinality(dataidentifiers) > 0 THEN messageid END)
                                                                            AS with_findings
FROM dataguard_findings_unique
WHERE dt BETWEEN '2024-05-01' AND '2024-05-31'
GROUP BY dt
ORDER BY dt;

-- 2. Findings by identifier: messages and detections.
SELECT di.name,
       count(DISTINCT messageid) AS messages,
       sum(di."count")           AS detections
FROM dataguard_findings_unique
CROSS JOIN UNNEST(dataidentifiers) AS t(di)
WHERE dt >= date_format(current_date - interval '7' day, '%Y-%m-%d')
GROUP BY di.name
ORDER BY detections DESC;

-- 3. Top caller principals sending sensitive data, per resource.
SELECT callerprincipal, resourcearn,
       count(DISTINCT messageid) AS messages_with_findings,
       sum(reduce(dataidentifiers, 0, (s, d) -> s + d."count", s -> s)) AS detections
FROM dataguard_findings_unique
WHERE dt >= date_format(current_date - interval '30' day, '%Y-%m-%d')
  AND cardinality(dataidentifiers) > 0
GROUP BY callerprincipal, resourcearn
ORDER BY messages_with_findings DESC
LIMIT 20;

-- 4. Top JSON paths (array positions folded to [*]), with the identifier found there.
SELECT regexp_replace(d.path, '\[\d+\]', '[*]') AS path,
       d.name                                   AS identifier,
       count(*)                                 AS detections
FROM dataguard_findings_unique
CROSS JOIN UNNEST(dataguard.detections) AS t(d)
WHERE dt >= date_format(current_date - interval '7' day, '%Y-%m-%d')
GROUP BY 1, 2
ORDER BY detections DESC
LIMIT 25;

-- 5. What each statement did: actions taken and messages blocked.
SELECT dataguard.policyname, dataguard.statementsid, action,
       count(DISTINCT messageid)                                  AS messages,
       count(DISTINCT CASE WHEN dataguard.blocked THEN messageid END) AS blocked
FROM dataguard_findings_unique
CROSS JOIN UNNEST(dataguard.actions) AS t(action)
WHERE dt = '2024-05-01'
GROUP BY 1, 2, 3
ORDER BY messages DESC;

-- 6. Findings per hour for one identifier (a time series for a dashboard).
SELECT date_trunc('hour', from_iso8601_timestamp(audittimestamp)) AS hour,
       count(DISTINCT messageid)                                  AS messages
FROM dataguard_findings_unique
CROSS JOIN UNNEST(dataidentifiers) AS t(di)
WHERE dt BETWEEN '2024-05-01' AND '2024-05-07'
  AND di.name = 'CreditCardNumber'
GROUP BY 1
ORDER BY 1;

-- 7. Storage health: how many records were stored more than once (retries, Firehose).
SELECT dt,
       count(*) - count(DISTINCT concat(dataguard.recordid, '#',
                                        coalesce(cast(dataguard.part."index" AS varchar), '')))
         AS extra_copies
FROM dataguard_findings
WHERE dt >= date_format(current_date - interval '7' day, '%Y-%m-%d')
GROUP BY dt
ORDER BY dt;
