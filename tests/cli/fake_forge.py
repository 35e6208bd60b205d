#!/usr/bin/env python3
"""A tiny stand-in for the GitHub and GitLab comment APIs that examples/ci/post-plan-comment.sh
calls: comments live in memory; every request is appended to LOG as "METHOD PATH". It writes
its port to PORT_FILE once it listens, and serves until killed.

    fake_forge.py PORT_FILE LOG TOKEN
"""
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse, parse_qs

port_file, log_file, token = sys.argv[1:4]
comments = [{"id": 7, "body": "an unrelated comment"}]  # a pull request is never empty
LIST = re.compile(r"^(/repos/[^/]+/[^/]+/issues/\d+/comments|/api/v4/projects/\d+/merge_requests/\d+/notes)$")
ITEM = re.compile(r"^(/repos/[^/]+/[^/]+/issues/comments|/api/v4/projects/\d+/merge_requests/\d+/notes)/(\d+)$")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        url = urlparse(self.path)
        with open(log_file, "a") as log:
            log.write(f"{self.command} {url.path}\n")
        if self.headers.get("Authorization") != f"Bearer {token}" and self.headers.get("PRIVATE-TOKEN") != token:
            return self.reply(401, {"message": "Bad credentials"})
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        if LIST.match(url.path) and self.command == "GET":
            query = parse_qs(url.query)
            size, page = int(query.get("per_page", ["30"])[0]), int(query.get("page", ["1"])[0])
            return self.reply(200, comments[(page - 1) * size:page * size])
        if LIST.match(url.path) and self.command == "POST":
            comment = {"id": 100 + len(comments), "body": body["body"]}
            comments.append(comment)
            return self.reply(201, comment)
        item = ITEM.match(url.path)
        if item and self.command in ("PATCH", "PUT"):
            for comment in comments:
                if comment["id"] == int(item.group(2)):
                    comment["body"] = body["body"]
                    return self.reply(200, comment)
        return self.reply(404, {"message": "Not Found"})

    do_GET = do_POST = do_PATCH = do_PUT = handle_any


server = HTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as out:
    out.write(str(server.server_port))
import os
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
