"""``python -m voiceid_jobs``: the ``voiceid-jobs`` command line."""

from voiceid_jobs._cli import main

main()
