/*
 * LocalGov Hub test-only Elasticsearch analysis shim.
 *
 * The Elasticsearch distribution published on Maven Central
 * (org.elasticsearch.distribution.integ-test-zip) ships without the
 * "analysis-common" module, so analyzers such as `english` and filters such
 * as `synonym_graph` are missing. This "stable API" plugin re-creates the
 * handful of components LocalGov Hub's search uses as thin wrappers around
 * the Lucene classes already on the server class path.
 *
 * It is compiled and installed by scripts/services.sh (javac against the
 * jars in $ES_HOME/lib), and used for local development and CI only.
 * Production clusters use the real module; keep index settings to the
 * options implemented here so the two behave the same.
 *
 * Known difference from the real module: synonym rules are parsed with
 * standard tokenizer + lowercase (the real module uses the analyzer chain
 * preceding the filter). Put synonym filters right after `lowercase`.
 */
package hub.esshim;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalysisMode;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;
import org.elasticsearch.plugin.analysis.CharFilterFactory;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.analysis.TokenizerFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.IntSetting;
import org.elasticsearch.plugin.settings.ListSetting;
import org.elasticsearch.plugin.settings.StringSetting;

import java.io.Reader;
import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

public final class LocalgovAnalysisShim {
    private LocalgovAnalysisShim() {}

    static CharArraySet stopwords(List<String> configured, CharArraySet dflt) {
        if (configured == null || configured.isEmpty()) {
            return dflt;
        }
        if (configured.size() == 1) {
            String only = configured.get(0);
            if ("_none_".equals(only)) {
                return CharArraySet.EMPTY_SET;
            }
            if ("_english_".equals(only)) {
                return EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;
            }
        }
        return CharArraySet.unmodifiableSet(new CharArraySet(configured, true));
    }

    // ---------------------------------------------------------------- analyzers

    @AnalysisSettings
    public interface EnglishSettings {
        @ListSetting(path = "stopwords")
        List<String> stopwords();

        @ListSetting(path = "stem_exclusion")
        List<String> stemExclusion();
    }

    /** `english` analyzer: same chain as Elasticsearch's (Lucene EnglishAnalyzer). */
    @NamedComponent("english")
    public static class English implements AnalyzerFactory {
        private final CharArraySet stop;
        private final CharArraySet exclusion;

        @Inject
        public English(EnglishSettings s) {
            this.stop = stopwords(s.stopwords(), EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            List<String> ex = s.stemExclusion();
            this.exclusion = ex == null || ex.isEmpty() ? CharArraySet.EMPTY_SET : new CharArraySet(ex, true);
        }

        @Override
        public Analyzer create() {
            return new EnglishAnalyzer(stop, exclusion);
        }
    }

    // ---------------------------------------------------------------- synonyms

    @AnalysisSettings
    public interface SynonymSettings {
        @ListSetting(path = "synonyms")
        List<String> synonyms();

        @StringSetting(path = "synonyms_path", defaultValue = "")
        String synonymsPath();

        @StringSetting(path = "synonyms_set", defaultValue = "")
        String synonymsSet();

        @BooleanSetting(path = "updateable", defaultValue = false)
        boolean updateable();

        @StringSetting(path = "format", defaultValue = "solr")
        String format();

        @BooleanSetting(path = "expand", defaultValue = true)
        boolean expand();

        @BooleanSetting(path = "lenient", defaultValue = false)
        boolean lenient();

        @BooleanSetting(path = "ignore_case", defaultValue = false)
        boolean ignoreCase();
    }

    static SynonymMap buildSynonyms(SynonymSettings s) {
        if (!s.synonymsPath().isEmpty() || !s.synonymsSet().isEmpty()) {
            throw new IllegalArgumentException(
                "the test Elasticsearch (scripts/es-shims) supports only inline `synonyms`, not synonyms_path/synonyms_set"
            );
        }
        List<String> rules = s.synonyms();
        if (rules == null || rules.isEmpty()) {
            // Elasticsearch also instantiates every component once without
            // settings; an empty rule set is a pass-through filter.
            return null;
        }
        Analyzer parseAnalyzer = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer t = new StandardTokenizer();
                return new TokenStreamComponents(t, new LowerCaseFilter(t));
            }
        };
        StringBuilder text = new StringBuilder();
        for (String rule : rules) {
            text.append(rule).append('\n');
        }
        try {
            SynonymMap.Parser parser;
            if ("wordnet".equals(s.format())) {
                parser = new WordnetSynonymParser(true, s.expand(), parseAnalyzer);
            } else {
                parser = new LenientSolrParser(s.expand(), parseAnalyzer, s.lenient());
            }
            parser.parse(new StringReader(text.toString()));
            return parser.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("failed to build synonyms: " + e.getMessage(), e);
        }
    }

    static final class LenientSolrParser extends SolrSynonymParser {
        private final boolean lenient;

        LenientSolrParser(boolean expand, Analyzer analyzer, boolean lenient) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(org.apache.lucene.util.CharsRef input, org.apache.lucene.util.CharsRef output, boolean includeOrig) {
            if (lenient && (input.length == 0 || output.length == 0)) {
                return;
            }
            super.add(input, output, includeOrig);
        }
    }

    /** `synonym_graph` filter (inline `synonyms`, solr or wordnet format). */
    @NamedComponent("synonym_graph")
    public static class SynonymGraph implements TokenFilterFactory {
        private final SynonymMap map;
        private final boolean ignoreCase;

        private final boolean updateable;

        @Inject
        public SynonymGraph(SynonymSettings s) {
            this.map = buildSynonyms(s);
            this.ignoreCase = s.ignoreCase();
            this.updateable = s.updateable();
        }

        /** Like Elasticsearch: `updateable: true` restricts the filter to search analyzers. */
        @Override
        public AnalysisMode getAnalysisMode() {
            return updateable ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
        }

        @Override
        public TokenStream create(TokenStream in) {
            return map == null || map.fst == null ? in : new SynonymGraphFilter(in, map, ignoreCase);
        }
    }

    /** `synonym` filter: graph filter flattened for index-time use. */
    @NamedComponent("synonym")
    public static class Synonym implements TokenFilterFactory {
        private final SynonymMap map;
        private final boolean ignoreCase;

        private final boolean updateable;

        @Inject
        public Synonym(SynonymSettings s) {
            this.map = buildSynonyms(s);
            this.ignoreCase = s.ignoreCase();
            this.updateable = s.updateable();
        }

        /** Like Elasticsearch: `updateable: true` restricts the filter to search analyzers. */
        @Override
        public AnalysisMode getAnalysisMode() {
            return updateable ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
        }

        @Override
        public TokenStream create(TokenStream in) {
            return map == null || map.fst == null ? in : new FlattenGraphFilter(new SynonymGraphFilter(in, map, ignoreCase));
        }
    }

    // ---------------------------------------------------------------- stemming

    @AnalysisSettings
    public interface StemmerSettings {
        @StringSetting(path = "language", defaultValue = "")
        String language();

        @StringSetting(path = "name", defaultValue = "")
        String name();
    }

    static TokenStream stem(String language, TokenStream in) {
        switch (language) {
            case "english":
            case "porter":
                return new PorterStemFilter(in);
            case "light_english":
            case "kstem":
                return new KStemFilter(in);
            case "minimal_english":
                return new EnglishMinimalStemFilter(in);
            case "possessive_english":
                return new EnglishPossessiveFilter(in);
            case "porter2":
                return new SnowballFilter(in, "English");
            default:
                String snowball = language.isEmpty() ? "" : language.substring(0, 1).toUpperCase(Locale.ROOT) + language.substring(1);
                return new SnowballFilter(in, snowball);
        }
    }

    /** `stemmer` filter (`language`/`name`; english variants, otherwise a Snowball stemmer). */
    @NamedComponent("stemmer")
    public static class Stemmer implements TokenFilterFactory {
        private final String language;

        @Inject
        public Stemmer(StemmerSettings s) {
            String lang = !s.language().isEmpty() ? s.language() : (!s.name().isEmpty() ? s.name() : "english");
            this.language = lang.toLowerCase(Locale.ROOT);
            stem(this.language, new KeywordTokenizer()); // validate eagerly
        }

        @Override
        public TokenStream create(TokenStream in) {
            return stem(language, in);
        }
    }

    @NamedComponent("porter_stem")
    public static class PorterStem implements TokenFilterFactory {
        @Override
        public TokenStream create(TokenStream in) {
            return new PorterStemFilter(in);
        }
    }

    @NamedComponent("kstem")
    public static class KStem implements TokenFilterFactory {
        @Override
        public TokenStream create(TokenStream in) {
            return new KStemFilter(in);
        }
    }

    @AnalysisSettings
    public interface SnowballSettings {
        @StringSetting(path = "language", defaultValue = "English")
        String language();
    }

    @NamedComponent("snowball")
    public static class Snowball implements TokenFilterFactory {
        private final String language;

        @Inject
        public Snowball(SnowballSettings s) {
            this.language = s.language();
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new SnowballFilter(in, language);
        }
    }

    // ---------------------------------------------------------------- misc filters

    @AnalysisSettings
    public interface AsciiFoldingSettings {
        @BooleanSetting(path = "preserve_original", defaultValue = false)
        boolean preserveOriginal();
    }

    @NamedComponent("asciifolding")
    public static class AsciiFolding implements TokenFilterFactory {
        private final boolean preserveOriginal;

        @Inject
        public AsciiFolding(AsciiFoldingSettings s) {
            this.preserveOriginal = s.preserveOriginal();
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new ASCIIFoldingFilter(in, preserveOriginal);
        }

        @Override
        public TokenStream normalize(TokenStream in) {
            return new ASCIIFoldingFilter(in, false);
        }
    }

    @NamedComponent("trim")
    public static class Trim implements TokenFilterFactory {
        @Override
        public TokenStream create(TokenStream in) {
            return new TrimFilter(in);
        }

        @Override
        public TokenStream normalize(TokenStream in) {
            return new TrimFilter(in);
        }
    }

    @AnalysisSettings
    public interface NGramSettings {
        @IntSetting(path = "min_gram", defaultValue = 1)
        int minGram();

        @IntSetting(path = "max_gram", defaultValue = 2)
        int maxGram();

        @BooleanSetting(path = "preserve_original", defaultValue = false)
        boolean preserveOriginal();
    }

    @NamedComponent("edge_ngram")
    public static class EdgeNGram implements TokenFilterFactory {
        private final NGramSettings s;

        @Inject
        public EdgeNGram(NGramSettings s) {
            this.s = s;
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new EdgeNGramTokenFilter(in, s.minGram(), s.maxGram(), s.preserveOriginal());
        }
    }

    @NamedComponent("ngram")
    public static class NGram implements TokenFilterFactory {
        private final NGramSettings s;

        @Inject
        public NGram(NGramSettings s) {
            this.s = s;
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new NGramTokenFilter(in, s.minGram(), s.maxGram(), s.preserveOriginal());
        }
    }

    // ---------------------------------------------------------------- tokenizers

    @NamedComponent("whitespace")
    public static class Whitespace implements TokenizerFactory {
        @Override
        public Tokenizer create() {
            return new WhitespaceTokenizer();
        }
    }

    @NamedComponent("keyword")
    public static class Keyword implements TokenizerFactory {
        @Override
        public Tokenizer create() {
            return new KeywordTokenizer();
        }
    }

    /** `edge_ngram` tokenizer (min_gram/max_gram only; `token_chars` is not supported). */
    @NamedComponent("edge_ngram")
    public static class EdgeNGramTok implements TokenizerFactory {
        private final int min;
        private final int max;

        @Inject
        public EdgeNGramTok(NGramSettings s) {
            this.min = s.minGram();
            this.max = s.maxGram();
        }

        @Override
        public Tokenizer create() {
            return new EdgeNGramTokenizer(min, max);
        }
    }

    // ---------------------------------------------------------------- char filters

    @AnalysisSettings
    public interface HtmlStripSettings {
        @ListSetting(path = "escaped_tags")
        List<String> escapedTags();
    }

    @NamedComponent("html_strip")
    public static class HtmlStrip implements CharFilterFactory {
        private final Set<String> escaped;

        @Inject
        public HtmlStrip(HtmlStripSettings s) {
            List<String> tags = s.escapedTags();
            this.escaped = tags == null || tags.isEmpty() ? null : new HashSet<>(tags);
        }

        @Override
        public Reader create(Reader in) {
            return new HTMLStripCharFilter(in, escaped);
        }
    }
}
