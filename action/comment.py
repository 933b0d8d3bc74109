#!/usr/bin/env python3
"""Post or update the one pull-request comment that holds `okr diff`'s summary.

Run by action.yml: `comment.py SUMMARY.md`. The comment is found again by its
first line, the marker below, so each run updates it instead of adding
another. With a token that cannot write (a pull request from a fork gets a
read-only one), the summary goes to the job's step summary with a note.

The environment, as GitHub Actions sets it: GITHUB_API_URL, GITHUB_REPOSITORY,
GITHUB_STEP_SUMMARY; and from the action: GITHUB_TOKEN, OKR_PULL_REQUEST.
Only the standard library: every GitHub runner has python3.
"""

import json
import os
import re
import sys
import urllib.error
import urllib.request

MARKER = "<!-- okr-diff -->"
# GitHub refuses a comment longer than 65,536 characters.
LIMIT = 65536
CUT = "\n\n… cut here: the summary is longer than a comment may be; the whole of it is in the job summary.\n"


def api(method, url, token, body=None):
    """One request to the REST API: (parsed JSON, the next page's URL or None)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/vnd.github+json")
    request.add_header("X-GitHub-Api-Version", "2022-11-28")
    request.add_header("User-Agent", "okr-action")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode("utf-8")
        link = response.headers.get("Link") or ""
    found = re.search(r'<([^>]+)>;\s*rel="next"', link)
    return (json.loads(text) if text else None), (found.group(1) if found else None)


def existing_comment(base, token, author):
    """The id of the comment that starts with the marker, or None. Only a
    comment of `author` (when given) counts: anyone can write the marker,
    and okr must not take over, or rewrite, someone else's comment."""
    url = base + "/comments?per_page=100"
    while url:
        comments, url = api("GET", url, token)
        for comment in comments:
            login = (comment.get("user") or {}).get("login")
            if (comment.get("body") or "").startswith(MARKER) and (not author or login == author):
                return comment["id"]
    return None


WRITTEN = []


def to_summary(summary, note):
    """The summary in the step summary (once), with why it is not (all) in a comment."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            if not WRITTEN:
                out.write(summary)
                WRITTEN.append(path)
            out.write("\n> " + note + "\n")
    print(note)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        summary = f.read()
    api_url = os.environ.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    repository = os.environ["GITHUB_REPOSITORY"]
    number = os.environ.get("OKR_PULL_REQUEST", "")
    token = os.environ.get("GITHUB_TOKEN", "")
    if not number.isdigit():
        to_summary(summary, "okr: not a pull request, so no comment; the summary is here.")
        return 0
    issue = "%s/repos/%s/issues/%s" % (api_url, repository, number)
    text = MARKER + "\n" + summary
    if len(text) > LIMIT:
        # Cut at a line, so no table row or code span is left half-open.
        kept = text[: LIMIT - len(CUT)]
        text = kept[: kept.rfind("\n")] + CUT
        to_summary(summary, "okr: the summary is too long for a comment; the comment shows its start.")
    body = {"body": text}
    try:
        comment = existing_comment(issue, token, os.environ.get("OKR_COMMENT_AUTHOR", ""))
        if comment is None:
            api("POST", issue + "/comments", token, body)
            print("okr: posted the summary as a comment on pull request #%s." % number)
        else:
            api("PATCH", "%s/repos/%s/issues/comments/%s" % (api_url, repository, comment), token, body)
            print("okr: updated the summary comment on pull request #%s." % number)
    except urllib.error.HTTPError as error:
        if error.code == 403:
            to_summary(
                summary,
                "okr could not comment on the pull request: its token may not write to it "
                "(a pull request from a fork gets a read-only token, or the job lacks "
                "`pull-requests: write`). The summary is here instead.",
            )
        else:
            to_summary(summary, "okr could not comment on the pull request (HTTP %d); the summary is here." % error.code)
            print("::warning title=okr::the pull-request comment failed with HTTP %d" % error.code)
    except (urllib.error.URLError, OSError, ValueError) as error:
        to_summary(summary, "okr could not reach the GitHub API; the summary is here.")
        print("::warning title=okr::the pull-request comment failed: %s" % type(error).__name__)
    except (KeyError, TypeError, AttributeError) as error:
        # An answer not shaped as the API documents it.
        to_summary(summary, "okr did not understand the GitHub API's answer; the summary is here.")
        print("::warning title=okr::the pull-request comment failed: %s" % type(error).__name__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
