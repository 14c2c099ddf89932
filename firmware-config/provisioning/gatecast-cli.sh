#!/bin/sh
# /usr/local/bin/gatecast on a gate PC: runs the gatecast command line as the gatecast user with the
# controller's settings, e.g. `sudo gatecast user add --username an --role admin`,
# `sudo gatecast backup /media/usb/gate.tar`. Installed by install.sh with @NODE@/@APP_DIR@ filled in.
set -eu
set -a
# shellcheck disable=SC1091
. /etc/gatecast/gatecast.env
set +a
cd "@APP_DIR@"
if [ "$(id -u)" -eq 0 ] && [ "${1:-}" != "restore" ]; then
  exec setpriv --reuid=gatecast --regid=gatecast --init-groups -- "@NODE@" "@APP_DIR@/bin/gatecast.js" "$@"
fi
exec "@NODE@" "@APP_DIR@/bin/gatecast.js" "$@"
