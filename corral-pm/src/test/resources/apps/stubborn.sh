#!/usr/bin/env bash
# Ignores SIGINT and SIGTERM, spawns a child that also ignores them, writes both pids to $1, then waits forever.
trap '' INT TERM
bash -c 'trap "" INT TERM; while true; do sleep 1; done' &
echo "$$ $!" > "$1.tmp" && mv "$1.tmp" "$1"
echo "stubborn ready"
while true; do sleep 1; done
