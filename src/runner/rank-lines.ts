/**
 * A line that a distributed launcher marked as printed by another process than the first: torchrun's
 * and `accelerate launch`'s `--tee 3` (`[default1]:...`, its role and local rank; `--role trainer`:
 * `[trainer1]:...`; PyTorch's own `[rank1]:`), Open MPI's `mpirun --tag-output` (`[1,1]<stdout>:...`,
 * job and rank) and Horovod's Gloo runner (`[1]<stdout>:...`). Roles are the usual names only: a
 * program's own `[step10]: loss=...` is its metric. Each process of a data-parallel run prints its own loss, of its own share of
 * the data unless the program averages it: the study's metric is read from the first process's lines
 * only, as W&B and Lightning log from rank 0 alone. The line is still kept with the output.
 */
const RANK_TAGS = [/^\[(?:default|rank|local_rank|trainer|worker)\s?(\d+)\]:/, /^\[\d+,(\d+)\]<std(?:out|err)>:/, /^\[(\d+)\]<std(?:out|err)>:/];

export function otherRankLine(line: string): boolean {
  for (const tag of RANK_TAGS) {
    const rank = tag.exec(line)?.[1];
    if (rank !== undefined) return Number(rank) !== 0;
  }
  return false;
}
