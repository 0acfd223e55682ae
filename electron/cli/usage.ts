export const USAGE = `Usage:
  shipmate --web [--port N] [--data-dir DIR] [--no-open]
      Serve Shipmate to your browser on 127.0.0.1 until interrupted.
  shipmate accounts list
  shipmate accounts add --endpoint URL
      The token is read from stdin, or asked for without echo on a terminal; never an argument.
  shipmate accounts remove ID
  shipmate jobs URL|BUILD_ID [--account ID]
      The jobs of a build, from a Travis build or job URL or a build id.
  shipmate debug JOB_URL|JOB_ID [--account ID] [--echo] [--no-restart]
      Restart a finished job in debug mode, follow it, and print its SSH command on stdout (the
      steps go to stderr). Quiet mode unless --echo, which copies the session into the job log.
      --no-restart only follows a job already restarting in debug mode. Ctrl-C stops waiting and,
      on a terminal, offers to cancel the job.
  shipmate watch "SSH COMMAND" [--trust-host-key SHA256:...]
      Join a tmate session, start the session guard, and print one line per event (time, event,
      clients connected) until Ctrl-C. An unknown host key is asked about on a terminal; without
      one it is refused unless --trust-host-key names its fingerprint.
  shipmate --help | --version

Every command takes --data-dir DIR (or SHIPMATE_DATA_DIR) and uses the app's keychain.
Exit codes: 0 ok, 1 failure (with a one-line reason), 2 usage, 130 interrupted.
`
