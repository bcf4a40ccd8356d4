"""The use cases: what the pages, the CLI and the shared view do with the library.

* `runs`: what a run may read (`run_settings`) and the one upload → verify path
  (`verify_uploads`, in-process or in worker processes);
* `compose`: the one rank → snapshot composition (`compose_snapshot`);
* `workspace`: the live pool, the recruiter's decisions, its snapshot, re-verification;
* `saved`: saving, re-verifying and reading back stored screenings;
* `library`: the roles on offer, the known-issuer list, supplied documents, badge images;
* `samples`: the bundled sample data a new session opens on.

It sits above `present` and `store` and below the pages and the CLI, which keep only
their own state and drawing (or argument parsing and printing).
"""
