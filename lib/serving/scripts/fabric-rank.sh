#!/bin/bash
. /etc/trtllm/fabric-env.sh
exec "$@"
