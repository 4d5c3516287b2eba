// The reaper itself (started by reaper.ts): a POSIX shell loop, because a shell starts in ~1 ms
// where a second Node.js process costs ~40 ms of CPU per tuner, which four workers starting at once
// on two cores felt (`npm run bench -- workers`). No parameter or user data ever reaches the shell:
// it reads process-group ids from its stdin and acts only on lines that are digits.
//
// stdin carries one line per event: `+<pgid> <grace ms>` when a trial's process group starts,
// `-<pgid>` when that trial is finished. When the pipe ends, the tuner is gone (the kernel closes it
// even after kill -9): every group still listed gets SIGTERM, its program first (group-stop.ts: a
// PyTorch DataLoader's workers die on a SIGTERM not their parent's, and take the trainer's checkpoint
// with them) and the rest of the group once the program is gone, then SIGKILL once the grace is over.
// A last line cut short by the tuner's death may name the wrong group; `read` drops it (no newline).
// Its one argument is the tuner's mark, HYPERTUNE_REAPER_TOKEN in every trial's environment: a trial
// spawned as the tuner died, before its group was listed (a kill -9 within ms of a spawn), or a
// process that left its trial's group (setsid, start_new_session=True) carries it, and its group is
// stopped with the others. One grep reads every process's environment (GNU grep's -z; without it,
// only the listed groups are stopped, as before).
export const REAPER_NAME = 'hypertune-reaper';

export const REAPER_SCRIPT = `
trap '' INT TERM HUP
token=$1
case $token in *[!0-9a-f-]*) token= ;; esac
groups=' '
grace=0
while read -r line; do
  case $line in
    +*' '*) pgid=\${line#+}; ms=\${pgid#* }; pgid=\${pgid%% *} ;;
    -*) pgid=\${line#-}; ms=0 ;;
    *) continue ;;
  esac
  # never 0 or 1: kill -0 is our own group, kill -1 every process we may signal
  case $pgid in ''|*[!0-9]*|0|1) continue ;; esac
  case $ms in ''|*[!0-9]*) continue ;; esac
  case $line in
    +*) groups="$groups$pgid "; [ "$ms" -gt "$grace" ] && grace=$ms ;;
    *) case $groups in *" $pgid "*) groups="\${groups%% $pgid *} \${groups#* $pgid }" ;; esac ;;
  esac
done
if [ -n "$token" ]; then
  for f in $(grep -lsxz "HYPERTUNE_REAPER_TOKEN=$token" /proc/[0-9]*/environ 2>/dev/null); do
    stat=
    read -r stat 2>/dev/null < "\${f%/environ}/stat" || continue
    set -- \${stat##*) }
    case $3 in ''|*[!0-9]*|0|1) continue ;; esac
    case $groups in *" $3 "*) ;; *) groups="$groups$3 " ;; esac
  done
  # no listed group gave its grace: --kill-grace's default
  [ "$grace" -gt 0 ] || grace=5000
fi
# whether a group's leader has ended: gone, or a zombie (an init that reaps nothing leaves it one)
ended() {
  kill -s 0 -- "$1" 2>/dev/null || return 0
  [ -r "/proc/$1/stat" ] && read -r stat < "/proc/$1/stat" || return 1
  stat=\${stat##*) }
  [ "\${stat%% *}" = Z ]
}
for g in $groups; do kill -s TERM -- "$g" 2>/dev/null; done
termed=' '
tenths=$(( (grace + 99) / 100 ))
while [ "$tenths" -gt 0 ]; do
  alive=
  for g in $groups; do
    kill -s 0 -- "-$g" 2>/dev/null || continue
    alive="$alive $g"
    case $termed in *" $g "*) continue ;; esac
    # the program (the group's leader) has ended: the rest of its group gets SIGTERM, once
    ended "$g" || continue
    kill -s TERM -- "-$g" 2>/dev/null
    termed="$termed$g "
  done
  [ -z "$alive" ] && exit 0
  sleep 0.1
  tenths=$((tenths - 1))
done
for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
exit 0
`;
