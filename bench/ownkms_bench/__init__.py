"""OwnKMS load benchmark: OwnKMS against moto_server and nginx's fixed answer, with wrk.

Run it with `./ownkms bench` (or `bench/run.sh`); `--help` lists the options. The moving parts,
one module each: servers (start/stop the targets), signing (botocore SigV4), kms_client (setup
calls), scenarios (what is measured), wrk (load + response checks), soak (start-up and memory),
targets (the issue's ratio targets), report (JSON, Markdown, PNG).
"""
