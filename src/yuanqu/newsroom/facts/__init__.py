"""The parts of fact extraction (issue 13): word lists, people, dates, lists and rankings. Pure: no Django.

The public entry points stay in :mod:`yuanqu.newsroom.extract`.
"""
