#!/usr/bin/env python3
"""1,000 live-log followers of one busy job against a running backend daemon.

Half the followers read every event; the other half send their request and
never read a byte. Meanwhile lines are appended to the job (append.sql, a
stand-in for a builder) and GET /api/v1/crates/<name> is timed one request
after another. Prints the probe's p50/p99 and the daemon's memory, and fails
(exit 1) unless every reading follower got every line exactly once, in order,
and every probe was answered 200. The followers run at the lowest CPU
priority (nice 19), the probe and the appender at the caller's.

usage: followers.py BASE_URL JOB_ID DAEMON_PID DATABASE_URL [FOLLOWERS] [SECONDS]
       followers.py probe BASE_URL CRATE SECONDS   (the timed requests alone)
"""

import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))


def rss_kib(pid):
    """The process's resident and peak resident memory, in KiB."""
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value.split()[0] if value.split() else "0"
    return int(fields["VmRSS"]), int(fields["VmHWM"])


async def open_stream(url, job):
    """A connection with the stream's request sent and its head read."""
    parts = urllib.parse.urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    # HTTP/1.0: the body is not chunked and ends when the server closes.
    writer.write(
        f"GET /api/v1/jobs/{job}/logs/stream HTTP/1.0\r\nHost: {parts.netloc}\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    return reader, writer


async def reading_follower(url, job, lines_seen):
    """Reads events until `end`; records the line numbers in the order seen."""
    reader, writer = await open_stream(url, job)
    head = await reader.readuntil(b"\r\n\r\n")
    if b" 200 " not in head.split(b"\r\n", 1)[0]:
        raise RuntimeError(f"stream refused: {head.splitlines()[0]!r}")
    event, last_id = None, None
    while True:
        line = await reader.readline()
        if not line:
            break
        if line.startswith(b"event:"):
            event = line[6:].strip()
        elif line.startswith(b"id:"):
            last_id = int(line[3:])
        elif line.strip() == b"":  # the end of an event
            if event == b"end":
                break
            if event == b"line":
                lines_seen.append(last_id)
            event = None
    writer.close()


async def silent_follower(url, job, held):
    """Sends the request and then never reads."""
    try:
        _, writer = await open_stream(url, job)
        held.append(writer)
    except OSError as error:
        held.append(error)


def probe(url, name, seconds):
    """Times GET /api/v1/crates/<name>, one request after another, for
    `seconds`; prints the latencies and the statuses that were not 200. Runs
    in a process of its own, so that the followers' event loop does not
    delay it."""
    import http.client

    parts = urllib.parse.urlsplit(url)
    latencies, failures = [], {}
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.perf_counter()
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        connection.request("GET", f"/api/v1/crates/{name}")
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            key = f"{response.status} {response.reason}"
            failures[key] = failures.get(key, 0) + 1
        latencies.append(time.perf_counter() - started)
        time.sleep(0.02)
    print(json.dumps({"latencies": latencies, "failures": failures}))


async def waiting_subprocess(*command):
    """`command` started now but run once a line arrives on its stdin."""
    return await asyncio.create_subprocess_exec(
        "sh", "-c", 'read go && exec "$0" "$@"', *command,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )


async def main():
    url, job, pid, database = sys.argv[1:5]
    followers = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
    seconds = float(sys.argv[6]) if len(sys.argv) > 6 else 40
    before = rss_kib(pid)
    # The probe and the appender start now, at this process's priority, and
    # wait for a line on stdin; then this process, whose 500 readers parse
    # every event in Python, lowers its own, so that on a small machine the
    # load generator does not take the CPU from the daemon it measures.
    probing = await waiting_subprocess(sys.executable, __file__, "probe", url, "serde", str(seconds))
    appender = await waiting_subprocess(
        "psql", "-qAt", database, "-v", f"job={job}", "-v", f"seconds={seconds}",
        "-f", os.path.join(HERE, "append.sql"),
    )
    os.nice(19)
    readers = [[] for _ in range(followers // 2)]
    held = []
    reading = [asyncio.create_task(reading_follower(url, job, seen)) for seen in readers]
    await asyncio.gather(*(silent_follower(url, job, held) for _ in range(followers - len(readers))))
    for started in (probing, appender):
        started.stdin.write(b"go\n")
        await started.stdin.drain()
    total = int((await appender.communicate())[0].split()[-1])
    done, _ = await asyncio.wait(reading, timeout=120)
    if len(done) < len(reading):
        print(f"{len(reading) - len(done)} reading followers had not ended 120 s after the job", file=sys.stderr)
    probed = json.loads((await probing.communicate())[0])
    latencies, failures = probed["latencies"], probed["failures"]
    after = rss_kib(pid)
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    complete = sum(seen == list(range(total)) for seen in readers)
    refused = sum(isinstance(h, Exception) for h in held)
    print(json.dumps({
        "followers": followers, "reading": len(readers), "silent": len(held),
        "silent_refused_at_connect": refused, "lines": total,
        "readers_with_every_line_once": complete,
        "probe_requests": len(latencies), "probe_failures": failures, "probe_p50_ms": round(p(0.5), 2),
        "probe_p99_ms": round(p(0.99), 2),
        "daemon_rss_kib_before": before[0], "daemon_rss_kib_after": after[0],
        "daemon_peak_rss_kib": after[1],
    }, indent=1))
    for writer in held:
        if not isinstance(writer, Exception):
            writer.close()
    sys.exit(0 if complete == len(readers) and not failures else 1)


if sys.argv[1] == "probe":
    probe(sys.argv[2], sys.argv[3], float(sys.argv[4]))
else:
    asyncio.run(main())
