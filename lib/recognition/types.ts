import type { AudioInfo } from '../audio';

/**
 * The shapes that recognition's parts share (recognition spec §3, §4): the options of one request, what is known
 * about its audio, the custom model as its last training left it, and the service's JSON of the results.
 */

/** Every recognition parameter of spec §3.2, validated, with defaults applied and the forcing rules done. */
export interface RecognitionOptions {
  /** The base model (`model`), default `en-US_BroadbandModel`; not yet checked against the catalog. */
  model: string;
  /** `language_customization_id`, else the deprecated `customization_id`; not yet checked for GUID form. */
  languageCustomizationId?: string;
  acousticCustomizationId?: string;
  baseModelVersion?: string;
  /** 0.0–1.0 when given; undefined: the weight stored at training, else the base model's default. */
  customizationWeight?: number;
  grammarName?: string;
  /** Seconds, -1 = infinite. */
  inactivityTimeout: number;
  /** Empty when not given; redaction empties it. */
  keywords: string[];
  keywordsThreshold?: number;
  /** At least 1 (`0` means the default 1); redaction forces 1. */
  maxAlternatives: number;
  wordAlternativesThreshold?: number;
  wordConfidence: boolean;
  /** Forced true by speaker_labels. */
  timestamps: boolean;
  profanityFilter: boolean;
  /** Forced true by redaction. */
  smartFormatting: boolean;
  smartFormattingVersion: number;
  speakerLabels: boolean;
  redaction: boolean;
  audioMetrics: boolean;
  /** Seconds, 0.0–120.0; `0` (or absent) means the default 0.8 (Chinese 0.6). */
  endOfPhraseSilenceTime: number;
  splitTranscriptAtPhraseEnd: boolean;
  speechDetectorSensitivity: number;
  sadModule: number;
  backgroundAudioSuppression: number;
  lowLatency: boolean;
  characterInsertionBias: number;
  speechBeginEvent: boolean;
  enrichments?: string;
  /** Multipart only (metadata part): the audio type of `upload` parts, and how many there are. */
  partContentType?: string;
  dataPartsCount?: number;
}

/** A word of the custom model as training left it (valid words only). */
export interface TrainedWord {
  word: string;
  displayAs: string;
  soundsLike: string[];
}

/** What a custom language model contributes to one recognition. */
export interface LanguageCustomization {
  words: readonly TrainedWord[];
  /**
   * With `grammar_name`: the grammar's phrase (its tokens as the grammar writes them) that the spoken words match,
   * compared case-insensitively; undefined when they match none.
   */
  grammar?: (spoken: readonly string[]) => string[] | undefined;
  /** The effective customization weight; 0 leaves the words as spoken. */
  weight: number;
}

/** One audio stream of a request (the body, or one `upload` part of a multipart request) with its script. */
export interface SpokenPart {
  /** What was spoken, words separated by white space (control API), or undefined: no script, no speech. */
  script?: string;
  audio: AudioInfo;
}

/** The service's JSON (spec §4). */
export interface SpeechRecognitionAlternative {
  transcript: string;
  confidence?: number;
  timestamps?: [string, number, number][];
  word_confidence?: [string, number][];
}

export interface KeywordResult {
  normalized_text: string;
  start_time: number;
  end_time: number;
  confidence: number;
}

export interface WordAlternativeResults {
  start_time: number;
  end_time: number;
  alternatives: { confidence: number; word: string }[];
}

export interface SpeechRecognitionResult {
  final: boolean;
  alternatives: SpeechRecognitionAlternative[];
  keywords_result?: Record<string, KeywordResult[]>;
  word_alternatives?: WordAlternativeResults[];
  end_of_utterance?: 'end_of_data' | 'full_stop' | 'reset' | 'silence';
}

export interface SpeechBeginEventResult {
  speech_begin_event: { begin: number };
}

export interface SpeakerLabelsResult {
  from: number;
  to: number;
  speaker: number;
  confidence: number;
  final: boolean;
}

export interface AudioMetricsHistogramBin {
  begin: number;
  end: number;
  count: number;
}

export interface AudioMetrics {
  sampling_interval: number;
  accumulated: {
    final: boolean;
    end_time: number;
    signal_to_noise_ratio?: number;
    speech_ratio: number;
    high_frequency_loss: number;
    direct_current_offset: AudioMetricsHistogramBin[];
    clipping_rate: AudioMetricsHistogramBin[];
    speech_level: AudioMetricsHistogramBin[];
    non_speech_level: AudioMetricsHistogramBin[];
  };
}

export interface SpeechRecognitionResults {
  results: (SpeechRecognitionResult | SpeechBeginEventResult)[];
  result_index: number;
  speaker_labels?: SpeakerLabelsResult[];
  audio_metrics?: AudioMetrics;
  warnings?: string[];
}

/** A recognition request as HTTP delivered it: the query, the headers (names in lower case) and the body. */
export interface RecognitionRequest {
  query: URLSearchParams;
  headers: Readonly<Record<string, string>>;
  body: Buffer;
  /** The service URL as the client sees it (a job's `url` is made from it). */
  serviceUrl?: string;
}
