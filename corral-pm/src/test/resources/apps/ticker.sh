#!/usr/bin/env bash
# Prints "tick N" ten times a second forever; exits 0 on SIGINT.
trap 'exit 0' INT
i=0
while true; do echo "tick $i"; i=$((i + 1)); sleep 0.1; done
