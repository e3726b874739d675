#!/usr/bin/env bash
# Starts two background sleepers (one in its own session), writes all pids to $1, then exits 0 on SIGINT
# leaving the children behind unless someone kills the tree.
sleep 1000 &
a=$!
setsid sleep 1001 &
b=$!
echo "$$ $a $b" > "$1.tmp" && mv "$1.tmp" "$1"
trap 'exit 0' INT
while true; do sleep 0.2; done
