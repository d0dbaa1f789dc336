"""Draft a fact base from plain-text articles: every money, percent and capacity figure becomes a claim to review.

The rules are written for the two languages, not for one story: how German and English print numbers ("1.234,5",
"1,234.5", "zehn", "a half"), scales ("Mrd.", "bn", "Billion" is a trillion in German), currencies before or
after the number, the qualifier words before it ("bis zu", "more than") and ranges ("zwischen 20 und 50",
"20 bis 50", "20–50"). Topic, entity and status are guesses from the words around each figure; the editor
corrects them (the CLI's YAML, or the table on the Fact base page). Nothing here imports streamlit.

The package, in the order a draft is made: lexicon (the words), numbers (tokens and figures), segment (blocks,
sentences, clauses), names (organisations), classify (topic and status), read (the pipeline: articles to
mentions), document (the fact-base document and its YAML), review (the editor's table, a reader's upload).
Every step costs time linear in the text, whatever the text (tests/test_hostile_draft.py).
"""
from ..load.model import BOUNDS, STATUSES
from .classify import classify, effective_topic, status_of
from .document import (TOPIC_IDS, TOPIC_LABELS, draft_from_files, draft_yaml, factbase_doc, file_name,
                       place_articles, slug)
from .lexicon import (DIMENSION, GROUPS, MONEY_UNITS_DRAFT, NEEDS_ENTITY, SCHEMA_KIND, TOPIC_CHOICES, UNITS,
                      WITHOUT_ENTITY)
from .names import company_of, known_names, organisations
from .numbers import Token, detect_language, find_figures, parse_number, sentence_language, tokenize, word_number
from .read import Article, Mention, article_figures, draft_figures, read_article
from .review import (QUALIFIER_WORDS, TABLE_COLUMNS, TOPIC_WORDS, draft_document, draft_upload, in_sentence,
                     review_rows, rows_to_edits, with_edits)
from .segment import MAX_SENTENCE, Span, blocks, clause_around, sentences

__all__ = ["BOUNDS", "STATUSES", "classify", "effective_topic", "status_of", "TOPIC_IDS", "TOPIC_LABELS",
           "draft_from_files", "draft_yaml", "factbase_doc", "file_name", "place_articles", "slug", "DIMENSION",
           "GROUPS", "MONEY_UNITS_DRAFT", "NEEDS_ENTITY", "SCHEMA_KIND", "TOPIC_CHOICES", "UNITS", "WITHOUT_ENTITY",
           "company_of", "known_names", "organisations", "Token", "detect_language", "find_figures", "parse_number",
           "sentence_language", "tokenize", "word_number", "Article", "Mention", "article_figures", "draft_figures",
           "read_article", "QUALIFIER_WORDS", "TABLE_COLUMNS", "TOPIC_WORDS", "draft_document", "draft_upload",
           "in_sentence", "review_rows", "rows_to_edits", "with_edits", "MAX_SENTENCE", "Span", "blocks",
           "clause_around", "sentences"]
