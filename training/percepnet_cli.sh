# Sourced from the repository root by the training scripts: PERCEPNET is the CLI built from this checkout into the
# artifacts folder given ($1), unless the caller set PERCEPNET already. The build's log is shown only if it fails.
#   . training/percepnet_cli.sh artifacts/eval
if [ -z "${PERCEPNET:-}" ]; then
  if ! build_log=$(dotnet build src/Cli/PercepNet.Cli.csproj -c Release --artifacts-path "$1" -nologo 2>&1); then
    echo "$build_log" >&2
    echo "error: could not build the CLI into $1" >&2
    return 1
  fi
  PERCEPNET="dotnet $1/bin/PercepNet.Cli/release/percepnet.dll"
fi
