export const USAGE = `Usage:
  shipmate --web [--port N] [--data-dir DIR] [--no-open]
      Serve Shipmate to your browser on 127.0.0.1 until interrupted.
  shipmate --help | --version

Environment: SHIPMATE_DATA_DIR sets the data directory when --data-dir is not given.
`
