#!/usr/bin/env bash
# Exits 0 on SIGINT after printing a line; prints the instance variables at start.
trap 'echo "got SIGINT"; exit 0' INT
echo "instance=${CORRAL_INSTANCE:-unset} port=${PORT:-unset} greeting=${GREETING:-unset}"
while true; do sleep 0.2; done
