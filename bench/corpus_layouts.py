"""The page layouts outlets are built on, after kinds of site an extractor meets: a semantic
HTML5 theme, WordPress, a BEM-named news template, Bootstrap div soup, and a
component-based app that wraps every paragraph and ships the article again as JSON.

Each layout names the element that opens every region of the page; the closing tag follows
from it. Outlets on the same layout differ in their class prefix, navigation and furniture.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    """Where a page's regions go and what they are called. `{p}` in a tag stands for the
    outlet's class prefix; `page_path` is formatted with section, date and article id."""

    name: str
    header: str
    nav: str
    main: str
    article: str
    headline: str
    meta: str
    body: str
    block: str | None  # a wrapper around every body block, if the layout has one
    aside: str
    footer: str
    byline_first: bool
    feed_path: str
    page_path: str
    # Component apps put the whole article in a JSON island for their client-side code.
    state_json: bool = False


LAYOUTS = (
    Layout(
        name="semantic",
        header='<header class="{p}site-header">',
        nav='<nav class="{p}primary-nav" aria-label="Sections">',
        main='<main id="main" class="{p}main">',
        article='<article class="{p}article">',
        headline="{p}article__headline",
        meta='<div class="{p}article__meta">',
        body='<div class="{p}article__body">',
        block=None,
        aside='<aside class="{p}related">',
        footer='<footer class="{p}site-footer">',
        byline_first=True,
        feed_path="/rss.xml",
        page_path="/{section}/{date:%Y/%m/%d}/{id}",
    ),
    Layout(
        name="wordpress",
        header='<header id="masthead" class="{p}site-header" role="banner">',
        nav='<nav id="site-navigation" class="{p}main-navigation">',
        main='<div id="content" class="{p}site-content">',
        article='<article class="post type-post status-publish format-standard hentry">',
        headline="entry-title",
        meta='<div class="entry-meta">',
        body='<div class="entry-content">',
        block=None,
        aside='<div id="jp-relatedposts" class="jp-relatedposts">',
        footer='<footer id="colophon" class="{p}site-footer">',
        byline_first=False,
        feed_path="/feed/",
        page_path="/{date:%Y/%m/%d}/{section}-{id}/",
    ),
    Layout(
        name="bem",
        header='<div class="{p}l-header">',
        nav='<ul class="{p}c-nav">',
        main='<div class="{p}l-main">',
        article='<div class="{p}story" itemscope itemtype="https://schema.org/NewsArticle">',
        headline="{p}story__title",
        meta='<div class="{p}story__byline">',
        body='<div class="{p}story__body" itemprop="articleBody">',
        block=None,
        aside='<section class="{p}c-teasers">',
        footer='<div class="{p}l-footer">',
        byline_first=True,
        feed_path="/rss/news.xml",
        page_path="/news/{section}/{id}.html",
    ),
    Layout(
        name="divsoup",
        header='<div class="top-bar {p}top">',
        nav='<div class="menu {p}menu">',
        main='<div class="container"><div class="row">',
        article='<div class="col-md-8 {p}content">',
        headline="headline",
        meta='<div class="info {p}info">',
        body='<div class="text-block {p}text">',
        block=None,
        aside='<div class="col-md-4 sidebar">',
        footer='<div class="bottom {p}bottom">',
        byline_first=False,
        feed_path="/feeds/all.rss",
        page_path="/{section}/{id}.htm",
    ),
    Layout(
        name="app",
        header='<header role="banner" class="{p}masthead">',
        nav='<nav role="navigation" class="{p}nav">',
        main='<main role="main" class="{p}wrapper">',
        article='<div data-component="article" class="{p}article">',
        headline="{p}headline",
        meta='<div data-component="byline-block">',
        body='<div data-component="body">',
        block='<div data-component="text-block" class="{p}text">',
        aside='<section data-component="links-block">',
        footer='<footer role="contentinfo" class="{p}footer">',
        byline_first=True,
        feed_path="/index.rss",
        page_path="/{section}/articles/{id}",
        state_json=True,
    ),
)
