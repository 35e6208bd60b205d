#!/bin/sh
# Creates, or updates, the one synops plan comment on a pull request (GitHub) or merge request
# (GitLab): the comment that holds the hidden marker <!-- synops-plan --> is edited in place
# (PATCH on GitHub, PUT on GitLab), so a pull request keeps one plan comment however often its
# pipeline runs; without one, a new comment is posted.
#
#   post-plan-comment.sh PLAN.md
#
# Environment:
#   FORGE        github or gitlab
#   GitHub:      GITHUB_API_URL (https://api.github.com), GITHUB_REPOSITORY (owner/name),
#                PR_NUMBER, GITHUB_TOKEN (a token that may write pull-request comments)
#   GitLab:      CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID, GITLAB_TOKEN (a project
#                or personal access token with the api scope: CI_JOB_TOKEN cannot write notes)
# Needs curl and jq. Exits non-zero, saying why, when the forge refuses.
set -eu

marker='<!-- synops-plan -->'
plan_file=${1:?usage: post-plan-comment.sh PLAN.md}
[ -r "$plan_file" ] || { echo "post-plan-comment: cannot read $plan_file" >&2; exit 2; }

case "${FORGE:?set FORGE to github or gitlab}" in
  github)
    list_url="${GITHUB_API_URL:-https://api.github.com}/repos/${GITHUB_REPOSITORY:?}/issues/${PR_NUMBER:?}/comments"
    item_url="${GITHUB_API_URL:-https://api.github.com}/repos/${GITHUB_REPOSITORY}/issues/comments"
    auth="Authorization: Bearer ${GITHUB_TOKEN:?}"
    update_method=PATCH
    page_size=per_page=100
    ;;
  gitlab)
    list_url="${CI_API_V4_URL:?}/projects/${CI_PROJECT_ID:?}/merge_requests/${CI_MERGE_REQUEST_IID:?}/notes"
    item_url="$list_url"
    auth="PRIVATE-TOKEN: ${GITLAB_TOKEN:?}"
    update_method=PUT
    page_size=per_page=100
    ;;
  *) echo "post-plan-comment: FORGE is github or gitlab, not $FORGE" >&2; exit 2 ;;
esac

# The token goes to curl in a header file, never on its command line (ps would show it).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%s\n' "$auth" > "$work/auth"
chmod 600 "$work/auth"

api() {  # METHOD URL [BODY_FILE]: prints the response body; fails on an HTTP error
  if [ $# -eq 3 ]; then
    curl --silent --show-error --fail-with-body -X "$1" -H "@$work/auth" -H 'Content-Type: application/json' \
      -H 'Accept: application/json' --data-binary "@$3" "$2"
  else
    curl --silent --show-error --fail-with-body -X "$1" -H "@$work/auth" -H 'Accept: application/json' "$2"
  fi
}

# The body: the marker first (hidden when rendered), then the plan.
{ printf '%s\n' "$marker"; cat "$plan_file"; } | jq --raw-input --slurp '{body: .}' > "$work/body.json"

# The comment holding the marker, looked for page by page (a busy pull request has many).
existing=""
page=1
while [ -z "$existing" ]; do
  api GET "$list_url?$page_size&page=$page" > "$work/page.json"
  [ "$(jq 'length' "$work/page.json")" -gt 0 ] || break
  existing=$(jq -r --arg marker "$marker" '[.[] | select(.body | type == "string" and contains($marker))][0].id // empty' "$work/page.json")
  page=$((page + 1))
done

if [ -n "$existing" ]; then
  api "$update_method" "$item_url/$existing" "$work/body.json" > /dev/null
  echo "post-plan-comment: updated comment $existing"
else
  api POST "$list_url" "$work/body.json" > /dev/null
  echo "post-plan-comment: created a comment"
fi
